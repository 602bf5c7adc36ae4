package org.modelrt.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.modelrt.serving.SingleModel;
import org.modelrt.server.testing.ChildRuntime;
import org.modelrt.server.testing.FakeModel;
import org.modelrt.server.testing.ServerHarness;

/** The health probe exits 0 only for SERVING, as a Docker HEALTHCHECK needs. */
final class HealthProbeTest {
  private static int probe(String... args) {
    return HealthProbe.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  @Test
  void serving_exitsZero_forTheServerAndEachService() {
    try (ServerHarness server = ServerHarness.netty(new FakeModel())) {
      String addr = server.address();

      assertEquals(0, probe("--addr", addr));
      assertEquals(0, probe("--addr", addr, "--service", "hydrosphere.serving.runtime.PredictionService"));
      assertEquals(1, probe("--addr", addr, "--service", "no.such.Service"));
    }
  }

  @Test
  void loadingOrFailed_exitsOne() {
    SingleModel failed = new SingleModel("loading");
    failed.failed("broken");
    try (ServerHarness loading = ServerHarness.netty(new SingleModel("loading"), ServerHarness.LIMITS);
        ServerHarness broken = ServerHarness.netty(failed, ServerHarness.LIMITS)) {
      assertEquals(1, probe("--addr", loading.address()));
      assertEquals(1, probe("--addr", ":" + broken.server().port()));
    }
  }

  @Test
  void nobodyListening_exitsOne_sayingWhy() throws Exception {
    int port = ChildRuntime.freePort();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status = HealthProbe.run(new String[] {"--addr", "localhost:" + port, "--timeout-ms", "5000"},
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));

    assertEquals(1, status);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("UNAVAILABLE"), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void waiting_returnsOnceTheModelIsServing() throws Exception {
    SingleModel state = new SingleModel("loading");
    try (FakeModel model = new FakeModel(); ServerHarness server = ServerHarness.netty(state, ServerHarness.LIMITS)) {
      CompletableFuture<Integer> probe = CompletableFuture.supplyAsync(
          () -> probe("--addr", server.address(), "--wait-seconds", "30"));
      Thread.sleep(300);
      assertTrue(!probe.isDone(), "the probe answered while the model was still loading");

      state.serving(model, "ready");

      assertEquals(0, probe.get(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void waiting_reportsAFailedLoadWithItsReason() {
    SingleModel state = new SingleModel("loading");
    state.failed("model.pt is a pickled eager model");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ServerHarness server = ServerHarness.netty(state, ServerHarness.LIMITS)) {
      int status = HealthProbe.run(new String[] {"--addr", server.address(), "--wait-seconds", "30"},
          new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

      assertEquals(1, status);
      String printed = out.toString(StandardCharsets.UTF_8);
      assertTrue(printed.contains("NOT_SERVING") && printed.contains("model.pt is a pickled eager model"), printed);
    }
  }

  @Test
  void waiting_givesUpAfterItsTimeWhenNobodyListens() throws Exception {
    int port = ChildRuntime.freePort();

    assertEquals(1, probe("--addr", "localhost:" + port, "--wait-seconds", "1", "--timeout-ms", "200"));
  }
}
