package org.modelrt.contract;

import com.google.protobuf.ByteString;
import org.modelrt.wire.tensor.MapTensorData;
import org.modelrt.wire.tensor.TensorProto;
import org.modelrt.wire.tensor.TensorShapeProto;
import org.modelrt.wire.tensor.VariantTensorDataProto;

/** Builds G1/G2 request tensors for tests: a dtype, an optional shape, and n placeholder values in one field. */
final class RequestTensors {
  private final TensorProto.Builder proto = TensorProto.newBuilder();

  private RequestTensors(int dtypeNumber) {
    proto.setDtypeValue(dtypeNumber);
  }

  static RequestTensors of(DType dtype) {
    return new RequestTensors(dtype.wireNumber());
  }

  static RequestTensors ofNumber(int dtypeNumber) {
    return new RequestTensors(dtypeNumber);
  }

  RequestTensors shape(long... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long d : dims) {
      shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
    }
    proto.setTensorShape(shape);
    return this;
  }

  RequestTensors unknownRank() {
    proto.setTensorShape(TensorShapeProto.newBuilder().setUnknownRank(true));
    return this;
  }

  RequestTensors content(int bytes) {
    proto.setTensorContent(ByteString.copyFrom(new byte[bytes]));
    return this;
  }

  /** {@code n} values in {@code field}; each value is its index, so a test could tell them apart. */
  RequestTensors values(DType.ValueField field, int n) {
    for (int i = 0; i < n; i++) {
      switch (field) {
        case FLOAT_VAL -> proto.addFloatVal(i);
        case DOUBLE_VAL -> proto.addDoubleVal(i);
        case INT_VAL -> proto.addIntVal(i);
        case STRING_VAL -> proto.addStringVal(ByteString.copyFromUtf8("s" + i));
        case SCOMPLEX_VAL -> proto.addScomplexVal(i);
        case INT64_VAL -> proto.addInt64Val(i);
        case BOOL_VAL -> proto.addBoolVal(i % 2 == 0);
        case DCOMPLEX_VAL -> proto.addDcomplexVal(i);
        case HALF_VAL -> proto.addHalfVal(i);
        case UINT32_VAL -> proto.addUint32Val(i);
        case UINT64_VAL -> proto.addUint64Val(i);
        case MAP_VAL -> proto.addMapVal(MapTensorData.getDefaultInstance());
        case NONE -> proto.addVariantVal(VariantTensorDataProto.getDefaultInstance());
      }
    }
    return this;
  }

  TensorProto proto() {
    return proto.build();
  }

  TensorHeader header() {
    return TensorHeaders.of(proto());
  }
}
