package org.modelrt.serving.v2;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.modelrt.contract.InvalidRequestException;

/**
 * The raw (binary) layout of a v2 BYTES tensor, the same in gRPC {@code raw_input_contents} and the REST binary
 * extension: each element is a 4-byte little-endian unsigned length followed by that many bytes, with no padding.
 * Stateless.
 */
public final class V2Bytes {
  private V2Bytes() {}

  /**
   * The elements of {@code raw}, each a view of it (no copy).
   *
   * @param what the tensor, as messages name it, e.g. {@code raw_input_contents[0] (input 'text')}
   * @param expected the element count the tensor's shape gives
   * @throws InvalidRequestException when a length runs past the end, or the count differs from {@code expected}
   */
  public static List<ByteString> split(String what, ByteString raw, long expected) {
    List<ByteString> elements = new ArrayList<>();
    int at = 0;
    int size = raw.size();
    while (at < size) {
      if (size - at < 4) {
        throw new InvalidRequestException(what + ": element " + elements.size() + " at byte " + at + " needs a 4-byte "
            + "length prefix, received " + (size - at) + " bytes");
      }
      long length = Integer.toUnsignedLong(raw.substring(at, at + 4).asReadOnlyByteBuffer()
          .order(ByteOrder.LITTLE_ENDIAN).getInt());
      at += 4;
      if (length > size - at) {
        throw new InvalidRequestException(what + ": element " + elements.size() + " declares " + length
            + " bytes, only " + (size - at) + " remain");
      }
      elements.add(raw.substring(at, at + (int) length));
      at += (int) length;
      if (elements.size() > expected) {
        break;
      }
    }
    if (elements.size() != expected) {
      throw new InvalidRequestException(what + ": the shape has " + expected + " elements, the BYTES data holds "
          + (elements.size() > expected ? "more" : String.valueOf(elements.size())));
    }
    return elements;
  }

  /** The raw layout of {@code elements}. */
  public static ByteString join(List<ByteString> elements) {
    int total = 0;
    for (ByteString e : elements) {
      total += 4 + e.size();
    }
    ByteBuffer out = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
    for (ByteString e : elements) {
      out.putInt(e.size());
      e.copyTo(out);
    }
    return UnsafeByteOperations.unsafeWrap(out.array()); // filled once here and never written again
  }
}
