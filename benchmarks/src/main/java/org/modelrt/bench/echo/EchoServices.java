package org.modelrt.bench.echo;

import io.grpc.BindableService;
import io.grpc.stub.StreamObserver;
import org.modelrt.wire.tfserving.PredictRequest;
import org.modelrt.wire.tfserving.PredictResponse;
import org.modelrt.wire.tfserving.service.PredictionServiceGrpc;

/**
 * The two Predict services of the runtime, reduced to returning the request's input tensors as the response's
 * outputs. They parse and serialize exactly the messages modelrt does, so the difference between modelrt and them is
 * everything modelrt does between the bytes: validation, the codec, the engine. Stateless and thread-safe.
 */
final class EchoServices {
  private EchoServices() {}

  /** {@code tensorflow.serving.PredictionService/Predict} (G1/G2), echoing {@code model_spec} as the runtime does. */
  static BindableService tfServing() {
    return new PredictionServiceGrpc.PredictionServiceImplBase() {
      @Override
      public void predict(PredictRequest request, StreamObserver<PredictResponse> response) {
        response.onNext(PredictResponse.newBuilder()
            .putAllOutputs(request.getInputsMap())
            .setModelSpec(request.getModelSpec())
            .build());
        response.onCompleted();
      }
    };
  }

  /** {@code hydrosphere.serving.runtime.PredictionService/Predict} (G3). */
  static BindableService hydrosphere() {
    return new org.modelrt.wire.g3.service.PredictionServiceGrpc.PredictionServiceImplBase() {
      @Override
      public void predict(org.modelrt.wire.g3.PredictRequest request,
          StreamObserver<org.modelrt.wire.g3.PredictResponse> response) {
        response.onNext(org.modelrt.wire.g3.PredictResponse.newBuilder()
            .putAllOutputs(request.getInputsMap())
            .build());
        response.onCompleted();
      }
    };
  }
}
