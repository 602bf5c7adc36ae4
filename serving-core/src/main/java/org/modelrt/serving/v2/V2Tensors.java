package org.modelrt.serving.v2;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.modelrt.contract.InvalidRequestException;
import org.modelrt.wire.tensor.TensorProto;
import org.modelrt.wire.tensor.TensorShapeProto;

/**
 * Between v2 tensors and the core's {@link TensorProto}: shape and element-count checks in v2 terms, raw contents in
 * (numbers as {@code tensor_content} over the caller's bytes, BYTES split into {@code string_val}) and out (an output
 * as raw little-endian bytes, whether the core encoded it typed or as content). Stateless.
 */
public final class V2Tensors {
  private V2Tensors() {}

  /**
   * The element count of a request shape.
   *
   * @throws InvalidRequestException for a negative dim or a count past 2^63
   */
  public static long elementCount(String tensor, long[] shape) {
    long count = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new InvalidRequestException("input '" + tensor + "': shape " + Arrays.toString(shape)
            + " has a negative dim; every dim of a request must be 0 or more");
      }
      try {
        count = Math.multiplyExact(count, d);
      } catch (ArithmeticException e) {
        throw new InvalidRequestException("input '" + tensor + "': shape " + Arrays.toString(shape)
            + " has more than 2^63 elements");
      }
    }
    return count;
  }

  /**
   * Requires {@code received} values for the shape's element count.
   *
   * @param where where the values are, e.g. {@code fp32_contents}
   */
  public static void requireCount(String tensor, V2DataType type, long[] shape, String where, long received) {
    long expected = elementCount(tensor, shape);
    if (expected != received) {
      throw new InvalidRequestException("input '" + tensor + "': shape " + Arrays.toString(shape) + " has "
          + expected + " elements, " + where + " has " + received + " " + type + " values");
    }
  }

  /** A TensorProto with the datatype's dtype and {@code shape}, values to be added. */
  public static TensorProto.Builder header(V2DataType type, long[] shape) {
    TensorShapeProto.Builder dims = TensorShapeProto.newBuilder();
    for (long d : shape) {
      dims.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
    }
    return TensorProto.newBuilder().setDtypeValue(type.dtype().wireNumber()).setTensorShape(dims);
  }

  /**
   * An input sent raw: fixed-size datatypes wrap {@code raw} (no copy) as {@code tensor_content}; BYTES is split
   * into {@code string_val} views of it.
   *
   * @param what where the bytes came from, e.g. {@code raw_input_contents[1]}
   * @throws InvalidRequestException when the byte count does not fit the datatype and shape
   */
  public static TensorProto fromRaw(String tensor, String what, V2DataType type, long[] shape, ByteString raw) {
    long count = elementCount(tensor, shape);
    TensorProto.Builder t = header(type, shape);
    if (type == V2DataType.BYTES) {
      return t.addAllStringVal(V2Bytes.split(what + " (input '" + tensor + "')", raw, count)).build();
    }
    long expected = count * type.elementSize();
    if (raw.size() != expected) {
      throw new InvalidRequestException("input '" + tensor + "': " + what + " has " + raw.size() + " bytes; datatype "
          + type + " and shape " + Arrays.toString(shape) + " need " + expected);
    }
    return t.setTensorContent(raw).build();
  }

  /** An output's shape. */
  public static long[] shapeOf(TensorProto t) {
    long[] dims = new long[t.getTensorShape().getDimCount()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = t.getTensorShape().getDim(i).getSize();
    }
    return dims;
  }

  /**
   * An output's v2 datatype.
   *
   * @throws IllegalStateException when the model returned a type v2 cannot carry (ours: metadata shows none for it)
   */
  public static V2DataType datatypeOf(String name, TensorProto t) {
    var dtype = org.modelrt.contract.DType.forWireNumber(t.getDtypeValue());
    return dtype.flatMap(V2DataType::of).orElseThrow(() -> new IllegalStateException(
        "output '" + name + "' has dtype " + t.getDtype() + ", which the v2 protocol has no datatype for"));
  }

  /** An output as raw v2 bytes: its {@code tensor_content} as it is, or its typed values laid out little-endian. */
  public static ByteString rawOf(TensorProto t, V2DataType type) {
    if (type == V2DataType.BYTES) {
      return V2Bytes.join(t.getStringValList());
    }
    if (!t.getTensorContent().isEmpty()) {
      return t.getTensorContent();
    }
    int n = (int) elementCount("output", shapeOf(t));
    ByteBuffer b = ByteBuffer.allocate(n * type.elementSize()).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      switch (type) {
        case BOOL -> b.put((byte) (t.getBoolVal(i) ? 1 : 0));
        case UINT8, INT8 -> b.put((byte) t.getIntVal(i));
        case UINT16, INT16 -> b.putShort((short) t.getIntVal(i));
        case INT32 -> b.putInt(t.getIntVal(i));
        case UINT32 -> b.putInt(t.getUint32Val(i));
        case INT64 -> b.putLong(t.getInt64Val(i));
        case UINT64 -> b.putLong(t.getUint64Val(i));
        case FP16, BF16 -> b.putShort((short) t.getHalfVal(i));
        case FP32 -> b.putFloat(t.getFloatVal(i));
        case FP64 -> b.putDouble(t.getDoubleVal(i));
        case BYTES -> throw new AssertionError("handled above");
      }
    }
    return com.google.protobuf.UnsafeByteOperations.unsafeWrap(b.array());
  }
}
