package org.modelrt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Empty;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelrt.engine.ModelLoadException;
import org.modelrt.serving.ServingState;
import org.modelrt.server.testing.FakeModel;
import org.modelrt.server.testing.LoopbackRuntime;
import org.modelrt.server.testing.Tensors;
import org.modelrt.wire.tfserving.PredictRequest;
import org.modelrt.wire.tfserving.StatusResponse;
import org.modelrt.wire.tfserving.StatusResponse.ServiceStatus;

/** The runtime listens before its model is loaded and reports each phase, over real loopback Netty. */
final class ModelRuntimeTest {
  @TempDir
  Path modelDir;

  private LoopbackRuntime runtime;

  @AfterEach
  void stop() {
    if (runtime != null) {
      runtime.close();
    }
  }

  private StatusResponse status() {
    return runtime.tf().status(Empty.getDefaultInstance());
  }

  private ServingStatus health() {
    return runtime.health().check(HealthCheckRequest.getDefaultInstance()).getStatus();
  }

  private StatusRuntimeException predictFails() {
    return assertThrows(StatusRuntimeException.class, () -> runtime.tf().predict(PredictRequest.newBuilder()
        .putInputs("x", Tensors.floats(Tensors.dims(1, 4), 1, 2, 3, 4)).build()));
  }

  @Test
  void whileTheModelLoads_statusIsUnknown_thenServingOnceLoaded() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    FakeModel model = new FakeModel();
    runtime = LoopbackRuntime.start(modelDir, (dir, options) -> {
      await(release);
      return model;
    });

    assertEquals(ServiceStatus.UNKNOWN, status().getStatus());
    assertEquals("loading the model from " + modelDir, status().getMessage());
    assertEquals(ServingStatus.UNKNOWN, health());
    assertEquals(Status.Code.UNAVAILABLE, predictFails().getStatus().getCode());

    release.countDown();
    assertEquals(ServingState.Phase.SERVING, runtime.awaitSettled().phase());

    assertEquals(ServiceStatus.SERVING, status().getStatus());
    assertTrue(status().getMessage().contains("PyTorch model from " + modelDir), status().getMessage());
    assertEquals(ServingStatus.SERVING, health());
    runtime.runtime().stop();
    assertTrue(model.isClosed());
  }

  @Test
  void aFailedLoad_isReportedAsNotServingWithTheReason_andTheServerStaysUp() throws Exception {
    runtime = LoopbackRuntime.start(modelDir, (dir, options) -> {
      throw new ModelLoadException("no model file in " + dir + "/files");
    });
    assertEquals(ServingState.Phase.FAILED, runtime.awaitSettled().phase());

    assertEquals(StatusResponse.newBuilder().setStatus(ServiceStatus.NOT_SERVING)
        .setMessage("no model file in " + modelDir + "/files").build(), status());
    assertEquals(ServingStatus.NOT_SERVING, health());
    StatusRuntimeException e = predictFails();
    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
    assertEquals("the model failed to load: no model file in " + modelDir + "/files", e.getStatus().getDescription());
  }

  @Test
  void aLoaderThatCrashes_isReportedAsNotServing() throws Exception {
    runtime = LoopbackRuntime.start(modelDir, (dir, options) -> {
      throw new UnsatisfiedLinkError("libtorch.so: cannot open shared object file");
    });
    assertEquals(ServingState.Phase.FAILED, runtime.awaitSettled().phase());

    assertEquals(ServiceStatus.NOT_SERVING, status().getStatus());
    assertTrue(status().getMessage().contains("libtorch.so"), status().getMessage());
  }

  @Test
  void aLoaderThatRunsOutOfStack_isReportedAsNotServing_ratherThanUnknownForEver() throws Exception {
    runtime = LoopbackRuntime.start(modelDir, (dir, options) -> {
      throw new StackOverflowError("deep in the contract reader");
    });
    assertEquals(ServingState.Phase.FAILED, runtime.awaitSettled().phase());

    assertEquals(StatusResponse.newBuilder().setStatus(ServiceStatus.NOT_SERVING)
        .setMessage("java.lang.StackOverflowError: deep in the contract reader").build(), status());
    assertEquals(ServingStatus.NOT_SERVING, health());
  }

  @Test
  void stop_tellsWatchStreamsNotServing_thenEndsThem_insteadOfWaitingForThemTheWholeGracePeriod() throws Exception {
    runtime = LoopbackRuntime.start(modelDir, (dir, options) -> new FakeModel());
    assertEquals(ServingState.Phase.SERVING, runtime.awaitSettled().phase());
    BlockingQueue<Object> seen = new LinkedBlockingQueue<>();
    HealthGrpc.newStub(runtime.channel()).watch(HealthCheckRequest.getDefaultInstance(), new StreamObserver<>() {
      @Override
      public void onNext(HealthCheckResponse value) {
        seen.add(value.getStatus());
      }

      @Override
      public void onError(Throwable t) {
        seen.add(Status.fromThrowable(t));
      }

      @Override
      public void onCompleted() {
        seen.add("completed");
      }
    });
    assertEquals(ServingStatus.SERVING, seen.poll(30, TimeUnit.SECONDS));

    long start = System.nanoTime();
    runtime.runtime().stop();
    long stopMillis = (System.nanoTime() - start) / 1_000_000;

    assertEquals(ServingStatus.NOT_SERVING, seen.poll(30, TimeUnit.SECONDS));
    Status end = (Status) seen.poll(30, TimeUnit.SECONDS);
    assertEquals(Status.Code.UNAVAILABLE, end.getCode());
    assertEquals("the server is shutting down", end.getDescription());
    assertTrue(stopMillis < 4_000, "stop took " + stopMillis + " ms: it waited for the grace period (5 s)");
  }

  @Test
  void aModelThatFinishesLoadingAfterStop_isClosedByItsLoader() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch returned = new CountDownLatch(1);
    FakeModel model = new FakeModel();
    runtime = LoopbackRuntime.start(modelDir, (dir, options) -> {
      await(release);
      returned.countDown();
      return model;
    });

    runtime.runtime().stop();
    release.countDown();
    assertTrue(returned.await(30, TimeUnit.SECONDS));

    assertTrue(model.awaitClosed(30));
    assertEquals(ServingState.Phase.STOPPING, runtime.runtime().state().snapshot().phase());
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
