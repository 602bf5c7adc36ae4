package org.modelrt.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelrt.server.testing.ChildRuntime;
import org.modelrt.server.testing.Tensors;
import org.modelrt.wire.tfserving.PredictRequest;
import org.modelrt.wire.tfserving.PredictResponse;
import org.modelrt.wire.tfserving.service.PredictionServiceGrpc;

/**
 * The runtime as a real process: configuration from the environment and flags, independence from the working
 * directory, and SIGTERM under load (calls in flight finish, new ones are refused on new and open channels alike, the
 * exit status is 0).
 */
final class ProcessLifecycleTest {
  @TempDir
  Path modelDir;

  private static PredictRequest request(float v) {
    return PredictRequest.newBuilder().putInputs("x", Tensors.floats(Tensors.dims(1, 4), v, v + 1, v + 2, v + 3))
        .build();
  }

  /** The fake model's runtime, configured by flags: each run takes {@code runMillis}, and the grace period. */
  private ChildRuntime startOnFreePort(long runMillis, int graceSeconds) throws IOException {
    return ChildRuntime.start(runMillis, Map.of(), modelDir, "--port", "0", "--model-dir", modelDir.toString(),
        "--shutdown-grace-seconds", Integer.toString(graceSeconds));
  }

  private static PredictionServiceGrpc.PredictionServiceBlockingStub blocking(ManagedChannel channel) {
    return PredictionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  @Test
  void sigtermUnderLoad_letsCallsInFlightFinish_refusesNewOnes_andExitsZero() throws Exception {
    try (ChildRuntime runtime = startOnFreePort(1500, 30)) {
      runtime.awaitLine("Health is SERVING");
      ManagedChannel channel = runtime.channel();
      List<ListenableFuture<PredictResponse>> inFlight = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        inFlight.add(PredictionServiceGrpc.newFutureStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS)
            .predict(request(10 * i)));
      }
      runtime.awaitLines(l -> l.equals("fake run started"), 8);

      runtime.terminate();
      runtime.awaitLine("Stopped accepting calls");

      ManagedChannel late = runtime.channel();
      StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
          () -> blocking(late).predict(request(1)));
      assertEquals(Status.Code.UNAVAILABLE, refused.getStatus().getCode());
      late.shutdownNow();
      for (int i = 0; i < 8; i++) {
        float v = 10 * i;
        assertArrayEquals(new float[] {2 * v, 2 * v + 2, 2 * v + 4, 2 * v + 6},
            Tensors.floatVal(inFlight.get(i).get(60, TimeUnit.SECONDS).getOutputsOrThrow("doubled")));
      }
      assertEquals(0, runtime.awaitExit(), runtime.output());
      assertInOrder(runtime.output(), "Received SIGTERM", "Health is NOT_SERVING", "Stopped accepting calls",
          "Every call in flight has finished", "Models closed", "Stopped");
      channel.shutdownNow();
    }
  }

  @Test
  void sigterm_refusesANewCallOnAnAlreadyOpenChannel_withUnavailable_whileTheCallInFlightCompletes()
      throws Exception {
    try (ChildRuntime runtime = startOnFreePort(5000, 30)) {
      runtime.awaitLine("Health is SERVING");
      ManagedChannel channel = runtime.channel();
      ListenableFuture<PredictResponse> inFlight = PredictionServiceGrpc.newFutureStub(channel)
          .withDeadlineAfter(60, TimeUnit.SECONDS).predict(request(3));
      runtime.awaitLine("fake run started");
      CountDownLatch toldOfShutdown = new CountDownLatch(1);
      channel.notifyWhenStateChanged(ConnectivityState.READY, toldOfShutdown::countDown);

      runtime.terminate();
      runtime.awaitLine("Stopped accepting calls");
      // A call sent before the server's GOAWAY reaches the client is in flight by HTTP/2's rules (the server serves
      // it); a new call is one sent after, when the channel has left READY.
      assertTrue(toldOfShutdown.await(30, TimeUnit.SECONDS), "the open channel never learnt of the shutdown");

      StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
          () -> PredictionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
              .predict(request(1)));
      assertEquals(Status.Code.UNAVAILABLE, refused.getStatus().getCode(), refused.getStatus().toString());
      // refused at once, not held until the drain ended: the 5 s run is still going
      assertFalse(inFlight.isDone(), "the call in flight had ended before the new call was refused");
      assertArrayEquals(new float[] {6, 8, 10, 12},
          Tensors.floatVal(inFlight.get(60, TimeUnit.SECONDS).getOutputsOrThrow("doubled")));
      assertEquals(0, runtime.awaitExit(), runtime.output());
      channel.shutdownNow();
    }
  }

  @Test
  void callsOutlastingTheGracePeriod_areCancelled_andTheProcessStillExitsZero() throws Exception {
    try (ChildRuntime runtime = startOnFreePort(4000, 1)) {
      runtime.awaitLine("Health is SERVING");
      ManagedChannel channel = runtime.channel();
      ListenableFuture<PredictResponse> slow = PredictionServiceGrpc.newFutureStub(channel)
          .withDeadlineAfter(60, TimeUnit.SECONDS).predict(request(1));
      runtime.awaitLine("fake run started");

      runtime.terminate();

      ExecutionException e = assertThrows(ExecutionException.class, () -> slow.get(60, TimeUnit.SECONDS));
      assertTrue(Status.fromThrowable(e.getCause()).getCode() == Status.Code.CANCELLED
          || Status.fromThrowable(e.getCause()).getCode() == Status.Code.UNAVAILABLE, e.getCause().toString());
      assertEquals(0, runtime.awaitExit(), runtime.output());
      assertInOrder(runtime.output(), "Calls still running after 1000 ms; cancelling them", "Models closed", "Stopped");
      channel.shutdownNow();
    }
  }

  @Test
  void environmentVariables_configureIt_fromAnotherWorkingDirectory() throws Exception {
    int port = ChildRuntime.freePort();
    Path workDir = Files.createDirectories(modelDir.resolve("files"));
    Map<String, String> env = Map.of("APP_PORT", Integer.toString(port), "MODEL_DIR", modelDir.toString(),
        "MODELRT_SHUTDOWN_GRACE_SECONDS", "3");
    try (ChildRuntime runtime = ChildRuntime.start(0, env, workDir)) {
      assertEquals(port, runtime.port());
      runtime.awaitLine("PyTorch model from " + modelDir);
      ManagedChannel channel = runtime.channel();
      assertEquals(2f, blocking(channel).predict(request(1)).getOutputsOrThrow("doubled").getFloatVal(0));
      channel.shutdownNow();

      runtime.terminate();
      runtime.awaitLine("waiting up to 3000 ms");
      assertEquals(0, runtime.awaitExit(), runtime.output());
    }
  }

  @Test
  void aFlag_winsOverItsEnvironmentVariable() throws Exception {
    int fromEnv = ChildRuntime.freePort();
    int fromFlag = ChildRuntime.freePort();
    try (ChildRuntime runtime = ChildRuntime.start(0, Map.of("APP_PORT", Integer.toString(fromEnv)), modelDir,
        "--port", Integer.toString(fromFlag), "--model-dir", modelDir.toString())) {
      assertEquals(fromFlag, runtime.port());
      runtime.terminate();
      assertEquals(0, runtime.awaitExit(), runtime.output());
    }
  }

  private static void assertInOrder(String output, String... steps) {
    int from = 0;
    for (String step : steps) {
      int at = output.indexOf(step, from);
      assertTrue(at >= 0, "'" + step + "' missing or out of order in:\n" + output);
      from = at + step.length();
    }
  }
}
