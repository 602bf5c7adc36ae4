package org.modelrt.bench.load;

import com.google.protobuf.ByteString;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collections;
import java.util.List;
import org.modelrt.contract.DType;
import org.modelrt.wire.tensor.TensorProto;
import org.modelrt.wire.tensor.TensorShapeProto;

/**
 * Builds request tensors from values written as text (JSON numbers, command-line lists), either in the dtype's typed
 * {@code *_val} field or as little-endian {@code tensor_content}. An empty value list means "all ones", the filler
 * for requests made from a contract. Stateless.
 */
final class TensorProtos {
  private TensorProtos() {}

  /** A numeric or bool tensor; {@code values} holds one text value per element, or none for all ones. */
  static TensorProto numeric(String name, DType dtype, long[] shape, List<String> values, boolean asContent) {
    int n = elementCount(shape);
    List<String> filled = values.isEmpty() ? Collections.nCopies(n, "1") : values;
    if (filled.size() != n) {
      throw new IllegalArgumentException("input '" + name + "': shape " + org.modelrt.contract.Shape.format(shape)
          + " holds " + n + " elements, " + filled.size() + " values given");
    }
    if (!dtype.hasFixedSize()) {
      throw new IllegalArgumentException("input '" + name + "': " + dtype.wireName() + " is not a numeric type");
    }
    TensorProto.Builder t = TensorProto.newBuilder().setDtypeValue(dtype.wireNumber()).setTensorShape(shape(shape));
    if (asContent) {
      ByteBuffer bytes = ByteBuffer.allocate(n * dtype.elementSize()).order(ByteOrder.LITTLE_ENDIAN);
      filled.forEach(v -> putElement(name, dtype, v, bytes));
      return t.setTensorContent(ByteString.copyFrom(bytes.flip())).build();
    }
    filled.forEach(v -> addTyped(name, dtype, v, t));
    return t.build();
  }

  /** A DT_STRING tensor of raw byte strings; none for all "1". */
  static TensorProto strings(String name, long[] shape, List<ByteString> values) {
    int n = elementCount(shape);
    List<ByteString> filled = values.isEmpty() ? Collections.nCopies(n, ByteString.copyFromUtf8("1")) : values;
    if (filled.size() != n) {
      throw new IllegalArgumentException("input '" + name + "': shape " + org.modelrt.contract.Shape.format(shape)
          + " holds " + n + " elements, " + filled.size() + " values given");
    }
    return TensorProto.newBuilder().setDtypeValue(DType.STRING.wireNumber()).setTensorShape(shape(shape))
        .addAllStringVal(filled).build();
  }

  static TensorShapeProto shape(long[] dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long d : dims) {
      shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
    }
    return shape.build();
  }

  private static int elementCount(long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("shape " + org.modelrt.contract.Shape.format(shape) + " has a -1 dim");
      }
      n = Math.multiplyExact(n, d);
    }
    return Math.toIntExact(n);
  }

  private static void addTyped(String name, DType dtype, String v, TensorProto.Builder t) {
    switch (dtype) {
      case FLOAT -> t.addFloatVal(Float.parseFloat(v));
      case DOUBLE -> t.addDoubleVal(Double.parseDouble(v));
      case INT32, INT16, INT8, UINT8, UINT16 -> t.addIntVal(integral(v).intValueExact());
      case INT64 -> t.addInt64Val(integral(v).longValueExact());
      case UINT32 -> t.addUint32Val((int) integral(v).longValueExact());
      case UINT64 -> t.addUint64Val(integral(v).toBigInteger().longValue());
      case BOOL -> t.addBoolVal(bool(name, v));
      default -> throw unsupported(name, dtype);
    }
  }

  private static void putElement(String name, DType dtype, String v, ByteBuffer b) {
    switch (dtype) {
      case FLOAT -> b.putFloat(Float.parseFloat(v));
      case DOUBLE -> b.putDouble(Double.parseDouble(v));
      case INT32, UINT32 -> b.putInt((int) integral(v).longValueExact());
      case INT16, UINT16 -> b.putShort((short) integral(v).intValueExact());
      case INT8, UINT8 -> b.put((byte) integral(v).intValueExact());
      case INT64, UINT64 -> b.putLong(integral(v).toBigInteger().longValue());
      case BOOL -> b.put((byte) (bool(name, v) ? 1 : 0));
      default -> throw unsupported(name, dtype);
    }
  }

  private static BigDecimal integral(String v) {
    return new BigDecimal(v.trim());
  }

  private static boolean bool(String name, String v) {
    return switch (v.trim()) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw new IllegalArgumentException("input '" + name + "': '" + v + "' is not a bool");
    };
  }

  private static IllegalArgumentException unsupported(String name, DType dtype) {
    return new IllegalArgumentException("input '" + name + "': the load generator cannot write "
        + dtype.wireName() + " values; use DT_FLOAT, DT_DOUBLE, integer, DT_BOOL or DT_STRING");
  }
}
