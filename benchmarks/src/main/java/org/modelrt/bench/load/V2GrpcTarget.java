package org.modelrt.bench.load;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.ByteString;
import io.grpc.Channel;
import io.grpc.Status;
import java.util.concurrent.TimeUnit;
import org.modelrt.wire.kserve.GRPCInferenceServiceGrpc;
import org.modelrt.wire.kserve.InferParameter;
import org.modelrt.wire.kserve.InferTensorContents;
import org.modelrt.wire.kserve.ModelInferRequest;
import org.modelrt.wire.kserve.ModelInferResponse;
import org.modelrt.wire.tensor.TensorProto;

/**
 * The Open Inference Protocol's (KServe v2) gRPC {@code inference.GRPCInferenceService/ModelInfer} as a
 * {@link PredictTarget}, with the stubs generated from the proto the runtime serves (grpc-server's vendored
 * {@code kserve/grpc_predict_v2.proto}). The tensors travel as typed {@code contents}, or with {@code --content} as
 * {@code raw_input_contents} (one little-endian bytes entry per input, in input order). A signature other than the
 * default travels as the request parameter {@code signature_name}, modelrt's mapping. An OK answer without outputs,
 * or with raw contents that do not match its outputs one to one, fails the call with DATA_LOSS. Thread-safe.
 */
final class V2GrpcTarget {
  private V2GrpcTarget() {}

  static PredictTarget of(Channel channel, RequestSpec spec, String modelName, long deadlineMillis) {
    ModelInferRequest request = request(spec, modelName);
    GRPCInferenceServiceGrpc.GRPCInferenceServiceFutureStub stub = GRPCInferenceServiceGrpc.newFutureStub(channel);
    return () -> Futures.transform(
        stub.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS).modelInfer(request),
        V2GrpcTarget::checked, MoreExecutors.directExecutor());
  }

  /** The ModelInfer request of {@code spec} for model {@code modelName} (its latest version). */
  static ModelInferRequest request(RequestSpec spec, String modelName) {
    V2Inputs v2 = V2Inputs.of(spec);
    ModelInferRequest.Builder request = ModelInferRequest.newBuilder().setModelName(modelName);
    if (!v2.signature().isEmpty()) {
      request.putParameters("signature_name", InferParameter.newBuilder().setStringParam(v2.signature()).build());
    }
    for (V2Inputs.Input input : v2.inputs()) {
      ModelInferRequest.InferInputTensor.Builder tensor = request.addInputsBuilder()
          .setName(input.name()).setDatatype(input.datatype());
      for (long d : input.shape()) {
        tensor.addShape(d);
      }
      if (spec.asContent()) {
        request.addRawInputContents(ByteString.copyFrom(input.raw()));
      } else {
        tensor.setContents(contents(input));
      }
    }
    return request.build();
  }

  /** The typed contents of an input: the v2 field its datatype travels in, from the G2 typed values. */
  private static InferTensorContents contents(V2Inputs.Input input) {
    TensorProto t = input.typed();
    InferTensorContents.Builder c = InferTensorContents.newBuilder();
    switch (t.getDtype()) {
      case DT_FLOAT -> c.addAllFp32Contents(t.getFloatValList());
      case DT_DOUBLE -> c.addAllFp64Contents(t.getDoubleValList());
      case DT_INT64 -> c.addAllInt64Contents(t.getInt64ValList());
      case DT_UINT32 -> c.addAllUintContents(t.getUint32ValList());
      case DT_UINT64 -> c.addAllUint64Contents(t.getUint64ValList());
      case DT_BOOL -> c.addAllBoolContents(t.getBoolValList());
      case DT_STRING -> c.addAllBytesContents(t.getStringValList());
      case DT_INT32, DT_INT16, DT_INT8 -> c.addAllIntContents(t.getIntValList());
      case DT_UINT16, DT_UINT8 -> c.addAllUintContents(t.getIntValList());
      default -> throw new IllegalArgumentException("input '" + input.name() + "': " + input.datatype()
          + " has no typed contents in v2 (it travels raw only); add --content");
    }
    return c.build();
  }

  private static ModelInferResponse checked(ModelInferResponse response) {
    int raw = response.getRawOutputContentsCount();
    if (response.getOutputsCount() == 0) {
      throw Status.DATA_LOSS.withDescription("the answer has no outputs").asRuntimeException();
    }
    if (raw != 0 && raw != response.getOutputsCount()) {
      throw Status.DATA_LOSS.withDescription("the answer has " + response.getOutputsCount() + " outputs and " + raw
          + " raw_output_contents").asRuntimeException();
    }
    return response;
  }
}
