package org.modelrt.server.rpc;

import com.google.protobuf.Any;
import com.google.protobuf.Empty;
import io.grpc.stub.StreamObserver;
import java.util.List;
import org.modelrt.contract.InvalidRequestException;
import org.modelrt.serving.Lease;
import org.modelrt.serving.ModelRegistry;
import org.modelrt.serving.PredictCall;
import org.modelrt.serving.PredictPipeline;
import org.modelrt.serving.Prediction;
import org.modelrt.serving.ServingState;
import org.modelrt.serving.SignatureDefs;
import org.modelrt.serving.codec.WireFormat;
import org.modelrt.wire.tensor.TensorProto;
import org.modelrt.wire.tfserving.ClassificationRequest;
import org.modelrt.wire.tfserving.ClassificationResponse;
import org.modelrt.wire.tfserving.GetModelMetadataRequest;
import org.modelrt.wire.tfserving.GetModelMetadataResponse;
import org.modelrt.wire.tfserving.ModelSpec;
import org.modelrt.wire.tfserving.MultiInferenceRequest;
import org.modelrt.wire.tfserving.MultiInferenceResponse;
import org.modelrt.wire.tfserving.PredictRequest;
import org.modelrt.wire.tfserving.PredictResponse;
import org.modelrt.wire.tfserving.RegressionRequest;
import org.modelrt.wire.tfserving.RegressionResponse;
import org.modelrt.wire.tfserving.StatusResponse;
import org.modelrt.wire.tfserving.StatusResponse.ServiceStatus;
import org.modelrt.wire.tfserving.service.PredictionServiceGrpc;

/**
 * {@code tensorflow.serving.PredictionService}: what G0-G2 Hydrosphere platforms and TF Serving clients call.
 * An adapter over the core: Predict and GetModelMetadata pick the model by {@code model_spec} ({@link ModelSpecs});
 * Status reports the overall {@link ServingState}; Classify, Regress and MultiInference go to {@link ExampleRpcs}.
 * Thread-safe.
 */
final class TfServingService extends PredictionServiceGrpc.PredictionServiceImplBase {
  private static final String SIGNATURE_DEF = "signature_def";

  private final PredictPipeline pipeline;
  private final ModelRegistry registry;
  private final ExampleRpcs examples;

  TfServingService(PredictPipeline pipeline) {
    this.pipeline = pipeline;
    this.registry = pipeline.registry();
    this.examples = new ExampleRpcs(pipeline);
  }

  @Override
  public void classify(ClassificationRequest request, StreamObserver<ClassificationResponse> response) {
    try {
      response.onNext(examples.classify(request));
      response.onCompleted();
    } catch (Throwable failure) {
      response.onError(StatusMapper.toStatusException(failure, "Classify"));
    }
  }

  @Override
  public void regress(RegressionRequest request, StreamObserver<RegressionResponse> response) {
    try {
      response.onNext(examples.regress(request));
      response.onCompleted();
    } catch (Throwable failure) {
      response.onError(StatusMapper.toStatusException(failure, "Regress"));
    }
  }

  @Override
  public void multiInference(MultiInferenceRequest request, StreamObserver<MultiInferenceResponse> response) {
    try {
      response.onNext(examples.multiInference(request));
      response.onCompleted();
    } catch (Throwable failure) {
      response.onError(StatusMapper.toStatusException(failure, "MultiInference"));
    }
  }

  @Override
  public void predict(PredictRequest request, StreamObserver<PredictResponse> response) {
    try {
      ModelSpec spec = request.getModelSpec();
      PredictCall<TensorProto> call = new PredictCall<>(ModelSpecs.ref(spec), spec.getSignatureName(),
          request.getInputsMap(), request.getOutputFilterList());
      Prediction<TensorProto> prediction = pipeline.predict(call, WireFormat.TENSOR_PROTO, ContextDeadline.current(),
          ObservingInterceptor.currentRecord());
      PredictResponse.Builder answer = PredictResponse.newBuilder().putAllOutputs(prediction.outputs());
      ModelSpec answered = ModelSpecs.answer(registry.mode(), spec, prediction);
      if (answered != null) {
        answer.setModelSpec(answered);
      }
      response.onNext(answer.build());
      response.onCompleted();
    } catch (Throwable failure) {
      response.onError(StatusMapper.toStatusException(failure, "G2 Predict"));
    }
  }

  @Override
  public void status(Empty request, StreamObserver<StatusResponse> response) {
    ServingState.Snapshot s = registry.state().snapshot();
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
    try (Lease lease = registry.acquire(ModelSpecs.ref(requireSignatureDefOnly(request)))) {
      ObservingInterceptor.currentRecord().acquired(lease.model(), lease.version(), lease.loaded().engine().djlName());
      ModelSpec requested = request.getModelSpec();
      ModelSpec answered = registry.mode() == ModelRegistry.Mode.TF_SERVING
          ? ModelSpecs.answer(registry.mode(), requested, lease.model(), lease.version(), "").toBuilder()
              .clearSignatureName().build()
          : requested.toBuilder().clearSignatureName().build();
      response.onNext(GetModelMetadataResponse.newBuilder()
          .setModelSpec(answered)
          .putMetadata(SIGNATURE_DEF, Any.pack(SignatureDefs.of(lease.loaded().contract())))
          .build());
      response.onCompleted();
    } catch (Throwable failure) {
      response.onError(StatusMapper.toStatusException(failure, "GetModelMetadata"));
    }
  }

  /** TF Serving's rule: at least one field, and {@code signature_def} is the only one there is. */
  private static ModelSpec requireSignatureDefOnly(GetModelMetadataRequest request) {
    List<String> fields = request.getMetadataFieldList();
    if (fields.isEmpty()) {
      throw new InvalidRequestException("metadata_field is empty; the supported field is '" + SIGNATURE_DEF + "'");
    }
    for (String field : fields) {
      if (!SIGNATURE_DEF.equals(field)) {
        throw new InvalidRequestException(
            "metadata field '" + org.modelrt.contract.Quoted.value(field) + "' is not supported; the supported field is '" + SIGNATURE_DEF + "'");
      }
    }
    return request.getModelSpec();
  }
}
