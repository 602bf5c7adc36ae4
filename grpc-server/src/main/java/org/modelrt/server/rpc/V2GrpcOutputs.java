package org.modelrt.server.rpc;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import org.modelrt.serving.Prediction;
import org.modelrt.serving.v2.V2DataType;
import org.modelrt.serving.v2.V2Tensors;
import org.modelrt.wire.kserve.InferTensorContents;
import org.modelrt.wire.kserve.ModelInferRequest;
import org.modelrt.wire.kserve.ModelInferResponse;
import org.modelrt.wire.kserve.ModelInferResponse.InferOutputTensor;
import org.modelrt.wire.tensor.TensorProto;

/**
 * A prediction as a v2 {@code ModelInferResponse}: model name and version as served, the request's {@code id}
 * echoed, outputs in signature order, all of them in {@code raw_output_contents} when the request sent raw inputs (or
 * an output is FP16/BF16, which has no typed form; the spec allows raw or typed for the whole response, not a mix),
 * typed {@code contents} otherwise. Stateless.
 */
final class V2GrpcOutputs {
  private V2GrpcOutputs() {}

  static ModelInferResponse write(ModelInferRequest request, Prediction<TensorProto> prediction, boolean rawRequest) {
    ModelInferResponse.Builder response = ModelInferResponse.newBuilder().setModelName(prediction.model())
        .setModelVersion(Long.toString(prediction.version())).setId(request.getId());
    boolean raw = rawRequest;
    for (Map.Entry<String, TensorProto> e : prediction.outputs().entrySet()) {
      raw |= !V2Tensors.datatypeOf(e.getKey(), e.getValue()).hasTypedForm();
    }
    for (Map.Entry<String, TensorProto> e : prediction.outputs().entrySet()) {
      TensorProto t = e.getValue();
      V2DataType type = V2Tensors.datatypeOf(e.getKey(), t);
      InferOutputTensor.Builder out = InferOutputTensor.newBuilder().setName(e.getKey()).setDatatype(type.name());
      for (long d : V2Tensors.shapeOf(t)) {
        out.addShape(d);
      }
      if (raw) {
        response.addRawOutputContents(V2Tensors.rawOf(t, type));
      } else {
        out.setContents(typedDirect(type, t));
      }
      response.addOutputs(out);
    }
    return response.build();
  }

  /**
   * Typed contents copied list to list when the core already holds the values in the matching {@code *_val} field
   * (the usual TensorProto output), skipping the round trip through little-endian bytes and per-element boxing.
   */
  private static InferTensorContents typedDirect(V2DataType type, TensorProto t) {
    if (t.getTensorContent().isEmpty()) {
      long n = V2Tensors.elementCount("output", V2Tensors.shapeOf(t));
      switch (type) {
        case FP32 -> {
          if (t.getFloatValCount() == n) {
            return InferTensorContents.newBuilder().addAllFp32Contents(t.getFloatValList()).build();
          }
        }
        case FP64 -> {
          if (t.getDoubleValCount() == n) {
            return InferTensorContents.newBuilder().addAllFp64Contents(t.getDoubleValList()).build();
          }
        }
        case INT64 -> {
          if (t.getInt64ValCount() == n) {
            return InferTensorContents.newBuilder().addAllInt64Contents(t.getInt64ValList()).build();
          }
        }
        default -> { }
      }
    }
    return typed(type, t, V2Tensors.rawOf(t, type));
  }

  /** Typed contents from the output's little-endian bytes (the one layout every output has, whatever the core chose). */
  private static InferTensorContents typed(V2DataType type, TensorProto t, ByteString raw) {
    InferTensorContents.Builder c = InferTensorContents.newBuilder();
    if (type == V2DataType.BYTES) {
      return c.addAllBytesContents(t.getStringValList()).build();
    }
    ByteBuffer b = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    int n = raw.size() / type.elementSize();
    for (int i = 0; i < n; i++) {
      switch (type) {
        case BOOL -> c.addBoolContents(b.get() != 0);
        case INT8 -> c.addIntContents(b.get());
        case INT16 -> c.addIntContents(b.getShort());
        case INT32 -> c.addIntContents(b.getInt());
        case UINT8 -> c.addUintContents(Byte.toUnsignedInt(b.get()));
        case UINT16 -> c.addUintContents(Short.toUnsignedInt(b.getShort()));
        case UINT32 -> c.addUintContents(b.getInt());
        case INT64 -> c.addInt64Contents(b.getLong());
        case UINT64 -> c.addUint64Contents(b.getLong());
        case FP32 -> c.addFp32Contents(b.getFloat());
        case FP64 -> c.addFp64Contents(b.getDouble());
        case FP16, BF16, BYTES -> throw new AssertionError("no typed form here: " + type);
      }
    }
    return c.build();
  }
}
