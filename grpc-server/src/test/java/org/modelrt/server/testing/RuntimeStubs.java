package org.modelrt.server.testing;

import io.grpc.Channel;
import io.grpc.health.v1.HealthGrpc;
import java.util.concurrent.TimeUnit;
import org.modelrt.wire.tfserving.service.PredictionServiceGrpc;

/**
 * Blocking stubs of the runtime's services on {@link #channel()}, each with a 30 s deadline so that a broken test fails
 * instead of hanging. Implemented by the fixtures that start a runtime; a stub is cheap to make and thread-safe.
 */
public interface RuntimeStubs {

  /** The channel to the runtime; the fixture that made it closes it. */
  Channel channel();

  /** A G1/G2 (TF Serving) stub. */
  default PredictionServiceGrpc.PredictionServiceBlockingStub tf() {
    return PredictionServiceGrpc.newBlockingStub(channel()).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  /** A G3 (hydrosphere.serving.runtime) stub. */
  default org.modelrt.wire.g3.service.PredictionServiceGrpc.PredictionServiceBlockingStub g3() {
    return org.modelrt.wire.g3.service.PredictionServiceGrpc.newBlockingStub(channel())
        .withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  /** A tensorflow.serving.ModelService stub. */
  default org.modelrt.wire.tfserving.service.ModelServiceGrpc.ModelServiceBlockingStub models() {
    return org.modelrt.wire.tfserving.service.ModelServiceGrpc.newBlockingStub(channel())
        .withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  /** A grpc.health.v1.Health stub. */
  default HealthGrpc.HealthBlockingStub health() {
    return HealthGrpc.newBlockingStub(channel()).withDeadlineAfter(30, TimeUnit.SECONDS);
  }
}
