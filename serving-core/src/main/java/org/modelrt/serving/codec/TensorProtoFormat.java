package org.modelrt.serving.codec;

import com.google.protobuf.ByteString;
import org.modelrt.contract.TensorHeader;
import org.modelrt.contract.TensorHeaders;
import org.modelrt.wire.tensor.TensorProto;
import org.modelrt.wire.tensor.TensorShapeProto;

/** G1/G2 TensorProto: shape as {@code TensorShapeProto.dim}, raw bytes in {@code tensor_content}. */
final class TensorProtoFormat extends WireFormat<TensorProto> {

  @Override
  public TensorHeader header(TensorProto tensor) {
    return TensorHeaders.of(tensor);
  }

  @Override
  WireTensor view(TensorProto tensor) {
    return new View(tensor);
  }

  @Override
  WireTensorBuilder<TensorProto> newBuilder() {
    return new Builder();
  }

  @Override
  public String toString() {
    return "G1/G2 TensorProto";
  }

  private record View(TensorProto t) implements WireTensor {
    @Override
    public ByteString content() {
      return t.getTensorContent();
    }

    @Override
    public float floatAt(int i) {
      return t.getFloatVal(i);
    }

    @Override
    public double doubleAt(int i) {
      return t.getDoubleVal(i);
    }

    @Override
    public int intAt(int i) {
      return t.getIntVal(i);
    }

    @Override
    public long int64At(int i) {
      return t.getInt64Val(i);
    }

    @Override
    public boolean boolAt(int i) {
      return t.getBoolVal(i);
    }

    @Override
    public int halfAt(int i) {
      return t.getHalfVal(i);
    }

    @Override
    public int uint32At(int i) {
      return t.getUint32Val(i);
    }

    @Override
    public long uint64At(int i) {
      return t.getUint64Val(i);
    }

    @Override
    public float scomplexAt(int i) {
      return t.getScomplexVal(i);
    }

    @Override
    public ByteString stringAt(int i) {
      return t.getStringVal(i);
    }
  }

  private static final class Builder implements WireTensorBuilder<TensorProto> {
    private final TensorProto.Builder b = TensorProto.newBuilder();

    @Override
    public void setDtype(int wireNumber) {
      b.setDtypeValue(wireNumber);
    }

    @Override
    public void setShape(long[] dims) {
      TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
      for (long d : dims) {
        shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
      }
      b.setTensorShape(shape);
    }

    @Override
    public void setContent(ByteString content) {
      b.setTensorContent(content);
    }

    @Override
    public void addFloat(float value) {
      b.addFloatVal(value);
    }

    @Override
    public void addDouble(double value) {
      b.addDoubleVal(value);
    }

    @Override
    public void addInt(int value) {
      b.addIntVal(value);
    }

    @Override
    public void addInt64(long value) {
      b.addInt64Val(value);
    }

    @Override
    public void addBool(boolean value) {
      b.addBoolVal(value);
    }

    @Override
    public void addHalf(int bits) {
      b.addHalfVal(bits);
    }

    @Override
    public void addUint32(int value) {
      b.addUint32Val(value);
    }

    @Override
    public void addUint64(long value) {
      b.addUint64Val(value);
    }

    @Override
    public void addScomplex(float value) {
      b.addScomplexVal(value);
    }

    @Override
    public void addString(ByteString value) {
      b.addStringVal(value);
    }

    @Override
    public TensorProto build() {
      return b.build();
    }
  }
}
