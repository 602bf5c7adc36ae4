package org.modelrt.server.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.modelrt.server.testing.ServerHarness.servingState;
import static org.modelrt.server.testing.Tensors.dims;
import static org.modelrt.server.testing.Tensors.floats;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.modelrt.serving.SingleModel;
import org.modelrt.serving.codec.ResponseEncoding;
import org.modelrt.server.testing.FakeModel;
import org.modelrt.server.testing.ServerHarness;
import org.modelrt.server.testing.Tensors;
import org.modelrt.wire.tfserving.PredictRequest;
import org.modelrt.wire.tfserving.PredictResponse;
import org.modelrt.wire.tfserving.service.PredictionServiceGrpc;

/** Calls refused for the server's state rather than the request: not ready, saturated, cancelled, expired. */
final class RefusalsTest {
  private static final PredictRequest X = PredictRequest.newBuilder()
      .putInputs("x", floats(dims(1, 4), 1, 2, 3, 4)).build();

  @AutoClose
  private static final FakeModel model = new FakeModel();

  @Test
  void whileLoading_predictIsUnavailable_sayingSo() {
    try (ServerHarness server = ServerHarness.inProcess(new SingleModel("loading from /m"), ServerHarness.LIMITS)) {
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> server.tf().predict(X));

      assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
      assertEquals("the model is not loaded yet (loading from /m)", e.getStatus().getDescription());
    }
  }

  @Test
  void afterAFailedLoad_bothGenerationsAreUnavailable_withTheReason() {
    SingleModel state = new SingleModel("loading");
    state.failed("no model file in /model/files");
    try (ServerHarness server = ServerHarness.inProcess(state, ServerHarness.LIMITS)) {
      StatusRuntimeException g2 = assertThrows(StatusRuntimeException.class, () -> server.tf().predict(X));
      StatusRuntimeException g3 = assertThrows(StatusRuntimeException.class,
          () -> server.g3().predict(org.modelrt.wire.g3.PredictRequest.getDefaultInstance()));

      for (StatusRuntimeException e : new StatusRuntimeException[] {g2, g3}) {
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        assertEquals("the model failed to load: no model file in /model/files", e.getStatus().getDescription());
      }
    }
  }

  @Test
  void beyondTheInFlightLimit_predictIsResourceExhausted_andTheHeldCallStillSucceeds() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    model.beforeEachRun(() -> {
      running.countDown();
      await(release);
    });
    try (ServerHarness server = ServerHarness.inProcess(servingState(model), new RuntimeServer.Limits(4 << 20, 1,
        1 << 20, ResponseEncoding.AS_REQUEST))) {
      ListenableFuture<PredictResponse> held = PredictionServiceGrpc.newFutureStub(server.channel()).predict(X);
      assertTrue(running.await(30, TimeUnit.SECONDS));

      StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> server.tf().predict(X));

      assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
      assertTrue(e.getStatus().getDescription().contains("saturated"), e.getStatus().getDescription());
      release.countDown();
      assertArrayEquals(new float[] {2, 4, 6, 8},
          Tensors.floatVal(held.get(30, TimeUnit.SECONDS).getOutputsOrThrow("doubled")));
    } finally {
      model.beforeEachRun(() -> {});
    }
  }

  @Test
  void aCallWhoseDeadlineExpiresBeforeTheModelRuns_doesNotRunTheModel() throws Exception {
    model.beforeEachScope(RefusalsTest::holdUntilTheCallIsCancelled);
    int runsBefore = model.runs();
    ServerHarness server = ServerHarness.inProcess(servingState(model), ServerHarness.LIMITS);
    try {
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
          () -> server.tf().withDeadlineAfter(200, TimeUnit.MILLISECONDS).predict(X));
      assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
    } finally {
      server.close(); // returns once the handler has finished
      model.beforeEachScope(() -> {});
    }
    assertEquals(runsBefore, model.runs());
  }

  @Test
  void aCallCancelledBeforeTheModelRuns_doesNotRunTheModel() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    model.beforeEachScope(() -> {
      entered.countDown();
      holdUntilTheCallIsCancelled();
    });
    int runsBefore = model.runs();
    ServerHarness server = ServerHarness.inProcess(servingState(model), ServerHarness.LIMITS);
    try {
      ListenableFuture<PredictResponse> call = PredictionServiceGrpc.newFutureStub(server.channel()).predict(X);
      assertTrue(entered.await(30, TimeUnit.SECONDS));
      call.cancel(true);
      assertThrows(CancellationException.class, () -> call.get(30, TimeUnit.SECONDS));
    } finally {
      server.close();
      model.beforeEachScope(() -> {});
    }
    assertEquals(runsBefore, model.runs());
  }

  @Test
  void theModelWaitsForAPredictorNoLongerThanTheCallsDeadline_andWithoutOneAsLongAsThePoolAllows() throws Exception {
    AtomicLong nanosLeft = new AtomicLong();
    AtomicBoolean gaveUp = new AtomicBoolean(true);
    model.beforeEachRun(() -> { // during the run: the call's context is cancelled once the call has closed
      nanosLeft.set(model.lastCaller().nanosLeft());
      gaveUp.set(model.lastCaller().gaveUp());
    });
    try (ServerHarness server = ServerHarness.inProcess(servingState(model), ServerHarness.LIMITS)) {
      server.tf().withDeadlineAfter(20, TimeUnit.SECONDS).predict(X);
      assertTrue(nanosLeft.get() > 0 && nanosLeft.get() <= TimeUnit.SECONDS.toNanos(20), "left: " + nanosLeft);
      assertFalse(gaveUp.get());

      PredictionServiceGrpc.newBlockingStub(server.channel()).predict(X); // no deadline (server.tf() sets 30 s)
      assertEquals(Long.MAX_VALUE, nanosLeft.get());
    } finally {
      model.beforeEachRun(() -> {});
    }
  }

  /** Blocks the handler thread until its call's context is cancelled (deadline or client), as a slow decode would. */
  private static void holdUntilTheCallIsCancelled() {
    CountDownLatch cancelled = new CountDownLatch(1);
    Context.current().addListener(context -> cancelled.countDown(), Runnable::run);
    await(cancelled);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
