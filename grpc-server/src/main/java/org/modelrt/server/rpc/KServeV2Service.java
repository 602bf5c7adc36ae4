package org.modelrt.server.rpc;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.modelrt.contract.InvalidRequestException;
import org.modelrt.serving.Lease;
import org.modelrt.serving.ModelRegistry;
import org.modelrt.serving.PredictCall;
import org.modelrt.serving.PredictPipeline;
import org.modelrt.serving.Prediction;
import org.modelrt.serving.ServingState;
import org.modelrt.serving.codec.WireFormat;
import org.modelrt.serving.v2.V2DataType;
import org.modelrt.serving.v2.V2Metadata;
import org.modelrt.serving.v2.V2Refs;
import org.modelrt.wire.kserve.GRPCInferenceServiceGrpc;
import org.modelrt.wire.kserve.InferParameter;
import org.modelrt.wire.kserve.ModelInferRequest;
import org.modelrt.wire.kserve.ModelInferResponse;
import org.modelrt.wire.kserve.ModelMetadataRequest;
import org.modelrt.wire.kserve.ModelMetadataResponse;
import org.modelrt.wire.kserve.ModelReadyRequest;
import org.modelrt.wire.kserve.ModelReadyResponse;
import org.modelrt.wire.kserve.ServerLiveRequest;
import org.modelrt.wire.kserve.ServerLiveResponse;
import org.modelrt.wire.kserve.ServerMetadataRequest;
import org.modelrt.wire.kserve.ServerMetadataResponse;
import org.modelrt.wire.kserve.ServerReadyRequest;
import org.modelrt.wire.kserve.ServerReadyResponse;
import org.modelrt.wire.tensor.TensorProto;

/**
 * {@code inference.GRPCInferenceService}, the Open Inference Protocol (KServe v2) over gRPC: a thin adapter over the
 * core. Tensors are translated by {@link V2GrpcInputs} and {@link V2GrpcOutputs}; the model, version, signature and
 * input validation are the core's, as for every other front, and failures become gRPC statuses once
 * ({@link StatusMapper}) with their messages in v2 terms. Thread-safe.
 */
final class KServeV2Service extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {
  /** What server metadata advertises: none of the optional v2 extensions are served over gRPC. */
  private static final List<String> EXTENSIONS = List.of();

  private final PredictPipeline pipeline;
  private final ModelRegistry registry;
  private final String serverVersion;

  KServeV2Service(PredictPipeline pipeline) {
    this.pipeline = pipeline;
    this.registry = pipeline.registry();
    String v = KServeV2Service.class.getPackage().getImplementationVersion();
    this.serverVersion = v == null ? "dev" : v;
  }

  @Override
  public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> response) {
    // Answering at all is being live; a stopping server still answers until its listener closes.
    reply(response, ServerLiveResponse.newBuilder().setLive(true).build());
  }

  @Override
  public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> response) {
    boolean ready = registry.state().snapshot().phase() == ServingState.Phase.SERVING;
    reply(response, ServerReadyResponse.newBuilder().setReady(ready).build());
  }

  @Override
  public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> response) {
    try {
      boolean ready = V2Metadata.ready(registry, V2Refs.ref(request.getName(), request.getVersion()));
      reply(response, ModelReadyResponse.newBuilder().setReady(ready).build());
    } catch (Throwable failure) {
      response.onError(v2Status(failure, "v2 ModelReady"));
    }
  }

  @Override
  public void serverMetadata(ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> response) {
    reply(response, ServerMetadataResponse.newBuilder().setName(V2Metadata.SERVER_NAME).setVersion(serverVersion)
        .addAllExtensions(EXTENSIONS).build());
  }

  @Override
  public void modelMetadata(ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> response) {
    try (Lease lease = registry.acquire(V2Refs.ref(request.getName(), request.getVersion()))) {
      V2Metadata m = V2Metadata.of(registry, lease, "");
      reply(response, ModelMetadataResponse.newBuilder().setName(m.name()).addAllVersions(m.versions())
          .setPlatform(m.platform()).addAllInputs(tensors(m.inputs())).addAllOutputs(tensors(m.outputs())).build());
    } catch (Throwable failure) {
      response.onError(v2Status(failure, "v2 ModelMetadata"));
    }
  }

  @Override
  public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> response) {
    try {
      Map<String, TensorProto> inputs = V2GrpcInputs.read(request);
      PredictCall<TensorProto> call = new PredictCall<>(V2Refs.ref(request.getModelName(), request.getModelVersion()),
          signatureName(request.getParametersMap()), inputs, requestedOutputs(request));
      Prediction<TensorProto> prediction = pipeline.predict(call, WireFormat.TENSOR_PROTO, ContextDeadline.current());
      reply(response, V2GrpcOutputs.write(request, prediction, request.getRawInputContentsCount() > 0));
    } catch (Throwable failure) {
      response.onError(v2Status(failure, "v2 ModelInfer"));
    }
  }

  /** The {@code signature_name} parameter; every other request parameter is ignored, as the spec allows. */
  private static String signatureName(Map<String, InferParameter> parameters) {
    InferParameter p = parameters.get(V2Metadata.SIGNATURE_PARAMETER);
    if (p == null) {
      return "";
    }
    if (p.getParameterChoiceCase() != InferParameter.ParameterChoiceCase.STRING_PARAM) {
      throw new InvalidRequestException("parameters['" + V2Metadata.SIGNATURE_PARAMETER
          + "']: expected a string_param, received " + p.getParameterChoiceCase().name().toLowerCase());
    }
    return p.getStringParam();
  }

  private static List<String> requestedOutputs(ModelInferRequest request) {
    List<String> names = new ArrayList<>();
    request.getOutputsList().forEach(o -> names.add(o.getName()));
    return names;
  }

  private static List<ModelMetadataResponse.TensorMetadata> tensors(List<V2Metadata.TensorMetadata> tensors) {
    List<ModelMetadataResponse.TensorMetadata> out = new ArrayList<>();
    for (V2Metadata.TensorMetadata t : tensors) {
      ModelMetadataResponse.TensorMetadata.Builder b = ModelMetadataResponse.TensorMetadata.newBuilder()
          .setName(t.name()).setDatatype(t.datatype());
      for (long d : t.shape()) {
        b.addShape(d);
      }
      out.add(b.build());
    }
    return out;
  }

  /** The status for a failure, its message in v2 terms (datatypes as v2 names them, requested outputs). */
  private static io.grpc.StatusException v2Status(Throwable failure, String rpc) {
    Status status = StatusMapper.status(failure, rpc);
    String description = status.getDescription() == null ? null : V2DataType.inV2Terms(status.getDescription())
        .replace("output_filter names", "outputs names");
    return status.withDescription(description).asException();
  }

  private static <T> void reply(StreamObserver<T> response, T message) {
    response.onNext(message);
    response.onCompleted();
  }
}
