package org.modelrt.server.rpc;

import io.grpc.stub.StreamObserver;
import java.util.List;
import org.modelrt.serving.ModelRef;
import org.modelrt.serving.PredictCall;
import org.modelrt.serving.PredictPipeline;
import org.modelrt.serving.Prediction;
import org.modelrt.serving.codec.WireFormat;
import org.modelrt.wire.g3.PredictRequest;
import org.modelrt.wire.g3.PredictResponse;
import org.modelrt.wire.g3.Tensor;
import org.modelrt.wire.g3.service.PredictionServiceGrpc;

/**
 * {@code hydrosphere.serving.runtime.PredictionService}: what G3 Hydrosphere platforms call. The request names no
 * signature, so the contract's default one runs, and every output is returned. In TF Serving mode it serves the first
 * model when only one is configured (G3 names no model). Thread-safe.
 */
final class HydrosphereService extends PredictionServiceGrpc.PredictionServiceImplBase {
  private final PredictPipeline pipeline;

  HydrosphereService(PredictPipeline pipeline) {
    this.pipeline = pipeline;
  }

  @Override
  public void predict(PredictRequest request, StreamObserver<PredictResponse> response) {
    try {
      PredictCall<Tensor> call = new PredictCall<>(ModelRef.latest(""), "", request.getInputsMap(), List.of());
      Prediction<Tensor> prediction = pipeline.predict(call, WireFormat.G3_TENSOR, ContextDeadline.current());
      response.onNext(PredictResponse.newBuilder().putAllOutputs(prediction.outputs()).build());
      response.onCompleted();
    } catch (Throwable failure) {
      response.onError(StatusMapper.toStatusException(failure, "G3 Predict"));
    }
  }
}
