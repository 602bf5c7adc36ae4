package org.modelrt.server.rpc;

import io.grpc.stub.StreamObserver;
import org.modelrt.serving.ModelRegistry;
import org.modelrt.serving.ModelStatuses;
import org.modelrt.serving.ServingException;
import org.modelrt.wire.tfserving.GetModelStatusRequest;
import org.modelrt.wire.tfserving.GetModelStatusResponse;
import org.modelrt.wire.tfserving.ReloadConfigRequest;
import org.modelrt.wire.tfserving.ReloadConfigResponse;
import org.modelrt.wire.tfserving.StatusProto;
import org.modelrt.wire.tfserving.config.ModelServerConfig;
import org.modelrt.wire.tfserving.service.ModelServiceGrpc;

/**
 * {@code tensorflow.serving.ModelService}, as TF Serving answers it: GetModelStatus lists each version's state
 * (START, LOADING, AVAILABLE, UNLOADING, END) with a StatusProto (OK, or why it failed to load), and
 * HandleReloadConfigRequest swaps the whole model configuration at run time. Thread-safe.
 */
public final class ModelService extends ModelServiceGrpc.ModelServiceImplBase {
  /** Applies a new ModelServerConfig; throws a {@link ServingException} (INVALID_ARGUMENT) for a bad one. */
  @FunctionalInterface
  public interface Reload {
    void reload(ModelServerConfig config);
  }

  /** For a runtime started in Hydrosphere mode, which has no model configuration to swap. */
  public static final Reload NO_RELOAD = config -> {
    throw new ServingException(ServingException.Code.FAILED_PRECONDITION, "this server serves one model from "
        + "--model-dir and has no model configuration to reload; start it with --model_config_file or "
        + "--model_name and --model_base_path");
  };

  private final ModelRegistry registry;
  private final Reload reload;

  ModelService(ModelRegistry registry, Reload reload) {
    this.registry = registry;
    this.reload = reload;
  }

  @Override
  public void getModelStatus(GetModelStatusRequest request, StreamObserver<GetModelStatusResponse> response) {
    try {
      if (registry.mode() == ModelRegistry.Mode.TF_SERVING && request.getModelSpec().getName().isEmpty()) {
        throw new ServingException(ServingException.Code.INVALID_ARGUMENT, "model_spec.name is empty; name a model");
      }
      GetModelStatusResponse answer = ModelStatuses.response(registry.status(ModelSpecs.ref(request.getModelSpec())));
      response.onNext(answer);
      response.onCompleted();
    } catch (Throwable failure) {
      response.onError(StatusMapper.toStatusException(failure, "GetModelStatus"));
    }
  }

  @Override
  public void handleReloadConfigRequest(ReloadConfigRequest request, StreamObserver<ReloadConfigResponse> response) {
    try {
      reload.reload(request.getConfig());
      response.onNext(ReloadConfigResponse.newBuilder().setStatus(StatusProto.getDefaultInstance()).build());
      response.onCompleted();
    } catch (Throwable failure) {
      response.onError(StatusMapper.toStatusException(failure, "HandleReloadConfigRequest"));
    }
  }
}
