package org.modelrt.server.testing;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.modelrt.contract.DType;
import org.modelrt.wire.g3.Tensor;
import org.modelrt.wire.g3.TensorShape;
import org.modelrt.wire.tensor.TensorProto;
import org.modelrt.wire.tensor.TensorShapeProto;

/** Request tensors built directly with the generated builders, independently of the codec under test. */
public final class Tensors {
  private Tensors() {}

  /** A G1/G2 DT_FLOAT tensor with the values in {@code float_val}. */
  public static TensorProto floats(long[] shape, float... values) {
    TensorProto.Builder t = TensorProto.newBuilder().setDtypeValue(DType.FLOAT.wireNumber()).setTensorShape(shape(shape));
    for (float v : values) {
      t.addFloatVal(v);
    }
    return t.build();
  }

  /** A G1/G2 DT_FLOAT tensor with the values as little-endian bytes in {@code tensor_content}. */
  public static TensorProto floatContent(long[] shape, float... values) {
    return TensorProto.newBuilder().setDtypeValue(DType.FLOAT.wireNumber()).setTensorShape(shape(shape))
        .setTensorContent(littleEndian(values)).build();
  }

  /** A G3 DT_FLOAT tensor with the values in {@code float_val}. */
  public static Tensor g3Floats(long[] shape, float... values) {
    Tensor.Builder t = Tensor.newBuilder().setDtypeValue(DType.FLOAT.wireNumber());
    TensorShape.Builder s = TensorShape.newBuilder();
    for (long d : shape) {
      s.addDims(d);
    }
    t.setTensorShape(s);
    for (float v : values) {
      t.addFloatVal(v);
    }
    return t.build();
  }

  public static TensorShapeProto shape(long... dims) {
    TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
    for (long d : dims) {
      s.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
    }
    return s.build();
  }

  public static long[] dims(long... dims) {
    return dims;
  }

  /** Floats as little-endian bytes. */
  public static ByteString littleEndian(float... values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return ByteString.copyFrom(b.array());
  }

  /** The dims of a G1/G2 shape. */
  public static long[] dimsOf(TensorShapeProto shape) {
    return shape.getDimList().stream().mapToLong(TensorShapeProto.Dim::getSize).toArray();
  }

  /** The floats of a G1/G2 tensor's {@code float_val}. */
  public static float[] floatVal(TensorProto t) {
    float[] v = new float[t.getFloatValCount()];
    for (int i = 0; i < v.length; i++) {
      v[i] = t.getFloatVal(i);
    }
    return v;
  }

  /** The floats of little-endian content. */
  public static float[] floatsOf(ByteString content) {
    ByteBuffer b = content.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    float[] v = new float[content.size() / 4];
    for (int i = 0; i < v.length; i++) {
      v[i] = b.getFloat();
    }
    return v;
  }
}
