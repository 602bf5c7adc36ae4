package org.modelrt.bench.load;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.Channel;
import io.grpc.Status;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.modelrt.wire.tfserving.PredictRequest;
import org.modelrt.wire.tfserving.service.PredictionServiceGrpc;

/**
 * One prepared Predict call, sent again and again: the request message is built once, so the client's cost per call
 * is the stub call and its serialization, as for any real client reusing a request.
 *
 * <p>Implementations are thread-safe; the channel belongs to the caller.
 */
@FunctionalInterface
public interface PredictTarget {

  /** Sends the request; the future completes with the response or fails with the call's status. */
  ListenableFuture<?> call();

  /** The protocol generation a target speaks. */
  enum Protocol {
    /** {@code tensorflow.serving.PredictionService/Predict}: G1/G2 Hydrosphere runtimes, TF Serving, modelrt. */
    G2,
    /** {@code hydrosphere.serving.runtime.PredictionService/Predict}: G3 Hydrosphere runtimes, modelrt. */
    G3,
    /** TF Serving's REST predict ({@code POST /v1/models/{m}:predict}, columnar JSON): modelrt, TF Serving. */
    REST,
    /** KServe v2 REST infer ({@code POST /v2/models/{m}/infer}, JSON or the binary extension): modelrt, Triton. */
    V2_REST,
    /** KServe v2 gRPC {@code inference.GRPCInferenceService/ModelInfer}: modelrt, Triton, MLServer. */
    V2_GRPC;

    static Protocol parse(String text) {
      return switch (text.trim().toLowerCase(Locale.ROOT)) {
        case "g1", "g2", "tfserving", "tf-serving" -> G2;
        case "g3", "hydrosphere" -> G3;
        case "rest", "tfserving-rest" -> REST;
        case "v2-rest", "kserve-rest" -> V2_REST;
        case "v2-grpc", "kserve-grpc" -> V2_GRPC;
        default -> throw new IllegalArgumentException("'" + text + "' is not a protocol; use g2, g3, rest, v2-rest"
            + " or v2-grpc");
      };
    }

    /** Whether {@code --target} is the HTTP (REST) port rather than the gRPC one. */
    boolean http() {
      return this == REST || this == V2_REST;
    }
  }

  /**
   * A target that sends {@code spec} over {@code channel}.
   *
   * @param modelName {@code model_spec.name} for G2 (modelrt ignores it; TF Serving routes by it), v2's
   *     {@code model_name}
   * @param deadlineMillis each call's deadline
   */
  static PredictTarget of(Protocol protocol, Channel channel, RequestSpec spec, String modelName,
      long deadlineMillis) {
    return switch (protocol) {
      case G2 -> g2(channel, spec, modelName, deadlineMillis);
      case G3 -> g3(channel, spec, deadlineMillis);
      case V2_GRPC -> V2GrpcTarget.of(channel, spec, modelName, deadlineMillis);
      case REST, V2_REST -> throw new IllegalArgumentException(protocol + " needs an HTTP address: use"
          + " RestTarget or V2RestTarget");
    };
  }

  private static PredictTarget g2(Channel channel, RequestSpec spec, String modelName, long deadlineMillis) {
    PredictRequest request = spec.g2(modelName);
    PredictionServiceGrpc.PredictionServiceFutureStub stub = PredictionServiceGrpc.newFutureStub(channel);
    return () -> Futures.transform(stub.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS).predict(request),
        response -> withOutputs(response, response.getOutputsCount()), MoreExecutors.directExecutor());
  }

  private static PredictTarget g3(Channel channel, RequestSpec spec, long deadlineMillis) {
    org.modelrt.wire.g3.PredictRequest request = spec.g3();
    var stub = org.modelrt.wire.g3.service.PredictionServiceGrpc.newFutureStub(channel);
    return () -> Futures.transform(stub.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS).predict(request),
        response -> withOutputs(response, response.getOutputsCount()), MoreExecutors.directExecutor());
  }

  /** An OK answer without outputs is a broken server, not a fast one: the call fails with DATA_LOSS. */
  private static <T> T withOutputs(T response, int outputs) {
    if (outputs == 0) {
      throw Status.DATA_LOSS.withDescription("the answer has no outputs").asRuntimeException();
    }
    return response;
  }
}
