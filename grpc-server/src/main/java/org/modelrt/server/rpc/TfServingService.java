package org.modelrt.server.rpc;

import com.google.protobuf.Any;
import com.google.protobuf.Empty;
import io.grpc.stub.StreamObserver;
import java.util.List;
import org.modelrt.contract.InvalidRequestException;
import org.modelrt.contract.Signature;
import org.modelrt.serving.codec.WireFormat;
import org.modelrt.wire.tensor.TensorProto;
import org.modelrt.wire.tfserving.GetModelMetadataRequest;
import org.modelrt.wire.tfserving.GetModelMetadataResponse;
import org.modelrt.wire.tfserving.ModelSpec;
import org.modelrt.wire.tfserving.PredictRequest;
import org.modelrt.wire.tfserving.PredictResponse;
import org.modelrt.wire.tfserving.StatusResponse;
import org.modelrt.wire.tfserving.StatusResponse.ServiceStatus;
import org.modelrt.wire.tfserving.service.PredictionServiceGrpc;

/**
 * {@code tensorflow.serving.PredictionService}: what G0-G2 Hydrosphere platforms and TF Serving clients call.
 * Predict accepts any {@code model_spec.name} (Hydrosphere sends the model or application name) and echoes the spec
 * with the signature that ran; Status reports the {@link ServingState}; GetModelMetadata answers TF Serving's
 * {@code signature_def} metadata. Thread-safe.
 */
final class TfServingService extends PredictionServiceGrpc.PredictionServiceImplBase {
  private static final String SIGNATURE_DEF = "signature_def";

  private final PredictPipeline pipeline;
  private final ServingState state;

  TfServingService(PredictPipeline pipeline, ServingState state) {
    this.pipeline = pipeline;
    this.state = state;
  }

  @Override
  public void predict(PredictRequest request, StreamObserver<PredictResponse> response) {
    try {
      ModelSpec spec = request.getModelSpec();
      PredictCall<TensorProto> call =
          new PredictCall<>(spec.getSignatureName(), request.getInputsMap(), request.getOutputFilterList());
      Prediction<TensorProto> prediction = pipeline.predict(call, WireFormat.TENSOR_PROTO);
      response.onNext(PredictResponse.newBuilder()
          .putAllOutputs(prediction.outputs())
          .setModelSpec(echo(spec, prediction.signature()))
          .build());
      response.onCompleted();
    } catch (Throwable failure) {
      response.onError(StatusMapper.toStatusException(failure, "G2 Predict"));
    }
  }

  @Override
  public void status(Empty request, StreamObserver<StatusResponse> response) {
    ServingState.Snapshot s = state.snapshot();
    ServiceStatus status = switch (s.phase()) {
      case LOADING -> ServiceStatus.UNKNOWN;
      case SERVING -> ServiceStatus.SERVING;
      case FAILED, STOPPING -> ServiceStatus.NOT_SERVING;
    };
    response.onNext(StatusResponse.newBuilder().setStatus(status).setMessage(s.message()).build());
    response.onCompleted();
  }

  @Override
  public void getModelMetadata(GetModelMetadataRequest request, StreamObserver<GetModelMetadataResponse> response) {
    try {
      requireSignatureDefOnly(request.getMetadataFieldList());
      var contract = state.requireModel().contract();
      response.onNext(GetModelMetadataResponse.newBuilder()
          .setModelSpec(request.getModelSpec().toBuilder().clearSignatureName())
          .putMetadata(SIGNATURE_DEF, Any.pack(SignatureDefs.of(contract)))
          .build());
      response.onCompleted();
    } catch (Throwable failure) {
      response.onError(StatusMapper.toStatusException(failure, "GetModelMetadata"));
    }
  }

  /** TF Serving's rule: at least one field, and {@code signature_def} is the only one there is. */
  private static void requireSignatureDefOnly(List<String> fields) {
    if (fields.isEmpty()) {
      throw new InvalidRequestException("metadata_field is empty; the supported field is '" + SIGNATURE_DEF + "'");
    }
    for (String field : fields) {
      if (!SIGNATURE_DEF.equals(field)) {
        throw new InvalidRequestException(
            "metadata field '" + org.modelrt.contract.Quoted.value(field) + "' is not supported; the supported field is '" + SIGNATURE_DEF + "'");
      }
    }
  }

  /** The request's spec (name, version or version label as sent) with the signature that actually ran. */
  private static ModelSpec echo(ModelSpec requested, Signature ran) {
    return requested.toBuilder().setSignatureName(ran.name()).build();
  }
}
