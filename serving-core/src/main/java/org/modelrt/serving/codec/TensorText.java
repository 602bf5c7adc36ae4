package org.modelrt.serving.codec;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.modelrt.contract.DType;
import org.modelrt.contract.TensorHeader;

/**
 * Wire tensors from and to values written as text: what the command-line clients and the load generator send and
 * print. Uses the same per-type table as the server ({@link ElementCodec}), so a client builds exactly the bytes the
 * server decodes. Not on the server's request path. Stateless and thread-safe.
 *
 * <p>A DT_STRING value is a byte string: each char is one byte (ISO-8859-1), so any bytes round-trip exactly, as in
 * the server's codec. {@link #bytes(String)} and {@link #byteString(byte[])} convert.
 */
public final class TensorText {
  private TensorText() {}

  /**
   * A tensor as text: dtype, shape ({@code null} when it has none) and one string per wire value (per element, or per
   * real/imaginary part of a complex element; a byte string for DT_STRING).
   */
  public record Values(DType dtype, long[] shape, List<String> values) {}

  /** The bytes of a DT_STRING value. */
  public static byte[] bytes(String byteString) {
    return byteString.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The DT_STRING value holding these bytes. */
  public static String byteString(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  /**
   * Builds a tensor. Complex types take two values (real, imaginary) per element. The values are not checked against
   * the shape, so a client can also send what the server must refuse.
   *
   * @param asContent put numbers in {@code tensor_content} / {@code binary_val} instead of the typed field
   * @throws IllegalArgumentException when a value is not a valid {@code dtype} value
   */
  public static <T> T toTensor(WireFormat<T> format, DType dtype, long[] shape, List<String> values,
      boolean asContent) {
    WireTensorBuilder<T> out = format.newBuilder();
    out.setDtype(dtype.wireNumber());
    out.setShape(shape);
    if (dtype == DType.STRING) {
      values.forEach(v -> out.addString(ByteString.copyFrom(v, StandardCharsets.ISO_8859_1)));
      return out.build();
    }
    ElementCodec codec = ElementCodec.forType(dtype);
    if (codec == null) {
      throw new IllegalArgumentException(dtype + " tensors cannot be written as text");
    }
    ByteBuffer bytes = ByteBuffer.allocate(values.size() * dtype.elementSize() / valuesPerElement(dtype))
        .order(ByteOrder.LITTLE_ENDIAN);
    for (String v : values) {
      TextValues.parse(dtype, v, bytes);
    }
    bytes.flip();
    if (asContent) {
      out.setContent(ByteString.copyFrom(bytes));
    } else {
      codec.encodeTyped(bytes, values.size() / valuesPerElement(dtype), out);
    }
    return out.build();
  }

  /**
   * Reads a tensor's values, wherever they travel (typed field or raw content).
   *
   * @throws IllegalArgumentException when the dtype is unknown or cannot be shown as text
   */
  public static <T> Values fromTensor(WireFormat<T> format, T tensor) {
    TensorHeader header = format.header(tensor);
    DType dtype = DType.forWireNumber(header.dtypeNumber())
        .orElseThrow(() -> new IllegalArgumentException("unknown dtype number " + header.dtypeNumber()));
    WireTensor view = format.view(tensor);
    List<String> values = new ArrayList<>();
    if (dtype == DType.STRING) {
      for (int i = 0; i < header.valueCount(); i++) {
        values.add(view.stringAt(i).toString(StandardCharsets.ISO_8859_1));
      }
      return new Values(dtype, header.dims(), values);
    }
    ElementCodec codec = ElementCodec.forType(dtype);
    if (codec == null) {
      throw new IllegalArgumentException(dtype + " tensors cannot be shown as text");
    }
    ByteBuffer bytes;
    if (header.encoding() == TensorHeader.Encoding.CONTENT) {
      bytes = view.content().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    } else {
      int n = Math.toIntExact(header.valueCount() / valuesPerElement(dtype));
      bytes = ByteBuffer.allocate(n * dtype.elementSize()).order(ByteOrder.LITTLE_ENDIAN);
      ElementCodec.forField(dtype, header.valueField()).decodeTyped(view, n, false, bytes);
      bytes.flip();
    }
    int valueSize = dtype.elementSize() / valuesPerElement(dtype);
    while (bytes.remaining() >= valueSize) {
      values.add(TextValues.format(dtype, bytes));
    }
    return new Values(dtype, header.dims(), values);
  }

  private static int valuesPerElement(DType dtype) {
    return dtype.valueField().valuesPerElement();
  }
}
