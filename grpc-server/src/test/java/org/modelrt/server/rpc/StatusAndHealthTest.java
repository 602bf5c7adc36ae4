package org.modelrt.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.Empty;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.modelrt.serving.SingleModel;
import org.modelrt.server.testing.FakeModel;
import org.modelrt.server.testing.ServerHarness;
import org.modelrt.wire.tfserving.StatusResponse;
import org.modelrt.wire.tfserving.StatusResponse.ServiceStatus;

/** G2 Status and grpc.health.v1.Health follow the one serving state through every phase. */
final class StatusAndHealthTest {
  private static final List<String> SERVICES = List.of(
      "", "tensorflow.serving.PredictionService", "hydrosphere.serving.runtime.PredictionService");

  @AutoClose
  private static final FakeModel model = new FakeModel();

  private static StatusResponse status(ServerHarness server) {
    return server.tf().status(Empty.getDefaultInstance());
  }

  private static ServingStatus check(ServerHarness server, String service) {
    return server.health().check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
  }

  @Test
  void loadingThenServing_isUnknownThenServing_inStatusAndEveryHealthService() {
    SingleModel state = new SingleModel("loading the model from /model");
    try (ServerHarness server = ServerHarness.inProcess(state, ServerHarness.LIMITS)) {
      assertEquals(ServiceStatus.UNKNOWN, status(server).getStatus());
      assertEquals("loading the model from /model", status(server).getMessage());
      SERVICES.forEach(s -> assertEquals(ServingStatus.UNKNOWN, check(server, s), s));

      state.serving(model, "serving the fake model");

      assertEquals(StatusResponse.newBuilder().setStatus(ServiceStatus.SERVING)
          .setMessage("serving the fake model").build(), status(server));
      SERVICES.forEach(s -> assertEquals(ServingStatus.SERVING, check(server, s), s));
    }
  }

  @Test
  void failedLoad_isNotServingWithTheReason() {
    SingleModel state = new SingleModel("loading");
    state.failed("contract.protobin: truncated message");
    try (ServerHarness server = ServerHarness.inProcess(state, ServerHarness.LIMITS)) {
      assertEquals(StatusResponse.newBuilder().setStatus(ServiceStatus.NOT_SERVING)
          .setMessage("contract.protobin: truncated message").build(), status(server));
      SERVICES.forEach(s -> assertEquals(ServingStatus.NOT_SERVING, check(server, s), s));
    }
  }

  @Test
  void stopping_isNotServing_andStaysSo() {
    SingleModel state = new SingleModel("loading");
    try (ServerHarness server = ServerHarness.inProcess(state, ServerHarness.LIMITS)) {
      state.stopping("shutting down");
      state.failed("too late");

      assertEquals(ServiceStatus.NOT_SERVING, status(server).getStatus());
      assertEquals("shutting down", status(server).getMessage());
      SERVICES.forEach(s -> assertEquals(ServingStatus.NOT_SERVING, check(server, s), s));
    }
  }

  @Test
  void checkOfAnUnknownService_isNotFound() {
    try (ServerHarness server = ServerHarness.inProcess(new SingleModel("loading"), ServerHarness.LIMITS)) {
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> check(server, "no.such.Service"));

      assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
    }
  }

  @Test
  void watch_streamsEveryChange_fromUnknownToServingToNotServing() throws InterruptedException {
    SingleModel state = new SingleModel("loading");
    try (ServerHarness server = ServerHarness.inProcess(state, ServerHarness.LIMITS)) {
      BlockingQueue<ServingStatus> seen = new LinkedBlockingQueue<>();
      HealthGrpc.newStub(server.channel()).watch(HealthCheckRequest.getDefaultInstance(), collect(seen));
      assertEquals(ServingStatus.UNKNOWN, seen.poll(30, TimeUnit.SECONDS));

      state.serving(model, "serving");
      assertEquals(ServingStatus.SERVING, seen.poll(30, TimeUnit.SECONDS));

      state.stopping("shutting down");
      assertEquals(ServingStatus.NOT_SERVING, seen.poll(30, TimeUnit.SECONDS));
    }
  }

  private static StreamObserver<HealthCheckResponse> collect(BlockingQueue<ServingStatus> seen) {
    return new StreamObserver<>() {
      @Override
      public void onNext(HealthCheckResponse value) {
        seen.add(value.getStatus());
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {}
    };
  }
}
