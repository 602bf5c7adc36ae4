package org.modelrt.bench.load;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.Channel;
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
    REST;

    static Protocol parse(String text) {
      return switch (text.trim().toLowerCase(Locale.ROOT)) {
        case "g1", "g2", "tfserving", "tf-serving" -> G2;
        case "g3", "hydrosphere" -> G3;
        case "rest", "tfserving-rest" -> REST;
        default -> throw new IllegalArgumentException("'" + text + "' is not a protocol; use g2, g3 or rest");
      };
    }
  }

  /**
   * A target that sends {@code spec} over {@code channel}.
   *
   * @param modelName {@code model_spec.name} for G2 (modelrt ignores it; TF Serving routes by it)
   * @param deadlineMillis each call's deadline
   */
  static PredictTarget of(Protocol protocol, Channel channel, RequestSpec spec, String modelName,
      long deadlineMillis) {
    return switch (protocol) {
      case G2 -> g2(channel, spec, modelName, deadlineMillis);
      case G3 -> g3(channel, spec, deadlineMillis);
      case REST -> throw new IllegalArgumentException("REST needs an HTTP address: use RestTarget");
    };
  }

  private static PredictTarget g2(Channel channel, RequestSpec spec, String modelName, long deadlineMillis) {
    PredictRequest request = spec.g2(modelName);
    PredictionServiceGrpc.PredictionServiceFutureStub stub = PredictionServiceGrpc.newFutureStub(channel);
    return () -> stub.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS).predict(request);
  }

  private static PredictTarget g3(Channel channel, RequestSpec spec, long deadlineMillis) {
    org.modelrt.wire.g3.PredictRequest request = spec.g3();
    var stub = org.modelrt.wire.g3.service.PredictionServiceGrpc.newFutureStub(channel);
    return () -> stub.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS).predict(request);
  }
}
