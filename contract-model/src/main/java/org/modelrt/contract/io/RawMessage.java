package org.modelrt.contract.io;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One level of a protobuf message read without a schema: its fields in wire order, each with its absolute byte offset,
 * so the layout of a contract can be told from its bytes and a malformed one can be reported by position. Nested
 * messages are read on demand with {@link #content}. Immutable; the bytes are shared, not copied.
 */
final class RawMessage {
  static final int VARINT = WireFormat.WIRETYPE_VARINT;
  static final int LEN = WireFormat.WIRETYPE_LENGTH_DELIMITED;

  /** One field: its tag's offset, and for a length-delimited field where its content lies. */
  record RawField(int number, int wireType, int offset, int contentOffset, int contentLength) {}

  private final byte[] bytes;
  private final List<RawField> fields;

  private RawMessage(byte[] bytes, List<RawField> fields) {
    this.bytes = bytes;
    this.fields = fields;
  }

  static RawMessage parse(byte[] bytes) throws MalformedWireException {
    return parse(bytes, 0, bytes.length);
  }

  /** Reads the fields in {@code bytes[from, from + length)}; offsets stay relative to {@code bytes}. */
  static RawMessage parse(byte[] bytes, int from, int length) throws MalformedWireException {
    CodedInputStream in = CodedInputStream.newInstance(bytes, from, length);
    List<RawField> fields = new ArrayList<>();
    int at = from;
    try {
      while (!in.isAtEnd()) {
        at = from + in.getTotalBytesRead();
        fields.add(readField(in, from, from + length));
      }
    } catch (InvalidProtocolBufferException e) {
      // A varint read stops at the end of the input when it is cut short, elsewhere when it is malformed.
      throw new MalformedWireException(atEnd(in)
          ? "truncated message at byte " + at + ": the field there ends early"
          : "malformed field at byte " + at + ": " + e.getMessage());
    } catch (IOException e) {
      throw new MalformedWireException("unreadable field at byte " + at + ": " + e);
    }
    return new RawMessage(bytes, List.copyOf(fields));
  }

  private static RawField readField(CodedInputStream in, int from, int end)
      throws IOException, MalformedWireException {
    int at = from + in.getTotalBytesRead();
    int tag = in.readTag();
    int number = WireFormat.getTagFieldNumber(tag);
    int wireType = WireFormat.getTagWireType(tag);
    switch (wireType) {
      case VARINT -> in.readRawVarint64();
      case WireFormat.WIRETYPE_FIXED64, WireFormat.WIRETYPE_FIXED32 -> {
        int size = wireType == WireFormat.WIRETYPE_FIXED64 ? 8 : 4;
        requireAvailable(size, end - (from + in.getTotalBytesRead()), number, at);
        in.skipRawBytes(size);
      }
      case LEN -> {
        int length = in.readRawVarint32();
        int contentAt = from + in.getTotalBytesRead();
        requireAvailable(length, end - contentAt, number, at);
        in.skipRawBytes(length);
        return new RawField(number, wireType, at, contentAt, length);
      }
      default -> throw new MalformedWireException("field " + number + " at byte " + at + " has wire type " + wireType
          + (wireType == 3 || wireType == 4 ? " (a group, which no contract uses)" : ", which does not exist"));
    }
    return new RawField(number, wireType, at, 0, 0);
  }

  private static boolean atEnd(CodedInputStream in) {
    try {
      return in.isAtEnd();
    } catch (IOException e) {
      return false;
    }
  }

  private static void requireAvailable(int length, int remaining, int number, int at) throws MalformedWireException {
    if (length < 0 || length > remaining) {
      throw new MalformedWireException("truncated message at byte " + at + ": field " + number + " declares "
          + Integer.toUnsignedString(length) + " bytes but " + remaining + " remain");
    }
  }

  /** The message inside a length-delimited field. */
  RawMessage content(RawField field) throws MalformedWireException {
    return parse(bytes, field.contentOffset(), field.contentLength());
  }

  List<RawField> fields() {
    return fields;
  }

  boolean has(int number, int wireType) {
    return first(number, wireType) != null;
  }

  /** The first field with this number and wire type, or {@code null}. */
  RawField first(int number, int wireType) {
    for (RawField f : fields) {
      if (f.number() == number && f.wireType() == wireType) {
        return f;
      }
    }
    return null;
  }

  boolean hasAnyVarint() {
    for (RawField f : fields) {
      if (f.wireType() == VARINT) {
        return true;
      }
    }
    return false;
  }

  /** Whether there is at least one field and every field has this number and wire type. */
  boolean onlyHas(int number, int wireType) {
    for (RawField f : fields) {
      if (f.number() != number || f.wireType() != wireType) {
        return false;
      }
    }
    return !fields.isEmpty();
  }

  /** The first length-delimited field {@code number} as UTF-8 text (a name, for messages), or "". */
  String text(int number) {
    RawField f = first(number, LEN);
    return f == null ? "" : new String(bytes, f.contentOffset(), f.contentLength(), StandardCharsets.UTF_8);
  }

  static String wireTypeName(int wireType) {
    return switch (wireType) {
      case VARINT -> "a varint";
      case WireFormat.WIRETYPE_FIXED64 -> "a fixed64";
      case WireFormat.WIRETYPE_FIXED32 -> "a fixed32";
      case LEN -> "length-delimited";
      default -> "wire type " + wireType;
    };
  }
}
