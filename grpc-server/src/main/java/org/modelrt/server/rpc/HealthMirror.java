package org.modelrt.server.rpc;

import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import java.util.List;
import java.util.function.Consumer;
import org.modelrt.serving.ServingState;

/**
 * Mirrors the {@link ServingState} into {@code grpc.health.v1.Health} (Check and Watch), for the overall server
 * ({@code ""}, what {@code grpc_health_probe} asks) and for each prediction service by name: UNKNOWN while loading,
 * SERVING once loaded and warmed up, NOT_SERVING after a failed load; on stopping it enters the terminal
 * NOT_SERVING state, which later updates cannot leave, and ends the Watch streams.
 */
final class HealthMirror implements Consumer<ServingState.Snapshot> {
  /** The service names health answers for; any other name is SERVICE_UNKNOWN (NOT_FOUND for Check). */
  static final List<String> SERVICES = List.of(
      HealthStatusManager.SERVICE_NAME_ALL_SERVICES,
      org.modelrt.wire.tfserving.service.PredictionServiceGrpc.SERVICE_NAME,
      org.modelrt.wire.g3.service.PredictionServiceGrpc.SERVICE_NAME);

  private final HealthStatusManager health;
  private final HealthWatches watches;

  HealthMirror(HealthStatusManager health, HealthWatches watches) {
    this.health = health;
    this.watches = watches;
  }

  @Override
  public void accept(ServingState.Snapshot state) {
    switch (state.phase()) {
      case LOADING -> setAll(ServingStatus.UNKNOWN);
      case SERVING -> setAll(ServingStatus.SERVING);
      case FAILED -> setAll(ServingStatus.NOT_SERVING);
      case STOPPING -> {
        health.enterTerminalState(); // tells every Watch stream NOT_SERVING,
        watches.endAll(); // then ends them, so that they do not hold the drain
      }
    }
  }

  private void setAll(ServingStatus status) {
    SERVICES.forEach(service -> health.setStatus(service, status));
  }
}
