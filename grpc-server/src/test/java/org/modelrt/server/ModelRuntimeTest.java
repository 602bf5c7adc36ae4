package org.modelrt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Empty;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelrt.engine.ModelLoadException;
import org.modelrt.server.codec.ResponseEncoding;
import org.modelrt.server.rpc.ServingState;
import org.modelrt.server.testing.FakeModel;
import org.modelrt.server.testing.Tensors;
import org.modelrt.wire.tfserving.PredictRequest;
import org.modelrt.wire.tfserving.StatusResponse;
import org.modelrt.wire.tfserving.StatusResponse.ServiceStatus;
import org.modelrt.wire.tfserving.service.PredictionServiceGrpc;

/** The runtime listens before its model is loaded and reports each phase, over real loopback Netty. */
final class ModelRuntimeTest {
  @TempDir
  Path modelDir;

  private ModelRuntime runtime;
  private ManagedChannel channel;

  @AfterEach
  void stop() {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (runtime != null) {
      runtime.stop();
    }
  }

  private RuntimeConfig config() {
    return new RuntimeConfig(0, modelDir, 4 << 20, 1, 0, 0, 0, Optional.empty(), ResponseEncoding.AS_REQUEST,
        Duration.ofSeconds(5), "info", 8, 1 << 20);
  }

  private void start(ModelRuntime.ModelSource source) throws Exception {
    runtime = new ModelRuntime(config(), source).start();
    channel = Grpc.newChannelBuilderForAddress("localhost", runtime.port(), InsecureChannelCredentials.create())
        .build();
  }

  private StatusResponse status() {
    return PredictionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
        .status(Empty.getDefaultInstance());
  }

  private ServingStatus health() {
    return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
        .check(HealthCheckRequest.getDefaultInstance()).getStatus();
  }

  private StatusRuntimeException predictFails() {
    return assertThrows(StatusRuntimeException.class, () -> PredictionServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(30, TimeUnit.SECONDS).predict(PredictRequest.newBuilder()
            .putInputs("x", Tensors.floats(Tensors.dims(1, 4), 1, 2, 3, 4)).build()));
  }

  private void awaitPhase(ServingState.Phase phase) throws InterruptedException {
    CountDownLatch reached = new CountDownLatch(1);
    runtime.state().addListener(s -> {
      if (s.phase() == phase) {
        reached.countDown();
      }
    });
    assertTrue(reached.await(30, TimeUnit.SECONDS), "never reached " + phase);
  }

  @Test
  void whileTheModelLoads_statusIsUnknown_thenServingOnceLoaded() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    FakeModel model = new FakeModel();
    start((dir, options) -> {
      await(release);
      return model;
    });

    assertEquals(ServiceStatus.UNKNOWN, status().getStatus());
    assertEquals("loading the model from " + modelDir, status().getMessage());
    assertEquals(ServingStatus.UNKNOWN, health());
    assertEquals(Status.Code.UNAVAILABLE, predictFails().getStatus().getCode());

    release.countDown();
    awaitPhase(ServingState.Phase.SERVING);

    assertEquals(ServiceStatus.SERVING, status().getStatus());
    assertTrue(status().getMessage().contains("PyTorch model from " + modelDir), status().getMessage());
    assertEquals(ServingStatus.SERVING, health());
    runtime.stop();
    assertTrue(model.isClosed());
  }

  @Test
  void aFailedLoad_isReportedAsNotServingWithTheReason_andTheServerStaysUp() throws Exception {
    start((dir, options) -> {
      throw new ModelLoadException("no model file in " + dir + "/files");
    });
    awaitPhase(ServingState.Phase.FAILED);

    assertEquals(StatusResponse.newBuilder().setStatus(ServiceStatus.NOT_SERVING)
        .setMessage("no model file in " + modelDir + "/files").build(), status());
    assertEquals(ServingStatus.NOT_SERVING, health());
    StatusRuntimeException e = predictFails();
    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
    assertEquals("the model failed to load: no model file in " + modelDir + "/files", e.getStatus().getDescription());
  }

  @Test
  void aLoaderThatCrashes_isReportedAsNotServing() throws Exception {
    start((dir, options) -> {
      throw new UnsatisfiedLinkError("libtorch.so: cannot open shared object file");
    });
    awaitPhase(ServingState.Phase.FAILED);

    assertEquals(ServiceStatus.NOT_SERVING, status().getStatus());
    assertTrue(status().getMessage().contains("libtorch.so"), status().getMessage());
  }

  @Test
  void aModelThatFinishesLoadingAfterStop_isClosedByItsLoader() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch returned = new CountDownLatch(1);
    FakeModel model = new FakeModel();
    start((dir, options) -> {
      await(release);
      returned.countDown();
      return model;
    });

    runtime.stop();
    release.countDown();
    assertTrue(returned.await(30, TimeUnit.SECONDS));

    assertTrue(model.awaitClosed(30));
    assertEquals(ServingState.Phase.STOPPING, runtime.state().snapshot().phase());
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
