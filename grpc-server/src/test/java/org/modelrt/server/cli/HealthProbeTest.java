package org.modelrt.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.modelrt.server.rpc.ServingState;
import org.modelrt.server.testing.FakeModel;
import org.modelrt.server.testing.ServerHarness;

/** The health probe exits 0 only for SERVING, as a Docker HEALTHCHECK needs. */
final class HealthProbeTest {
  private static FakeModel model;

  @BeforeAll
  static void load() {
    model = new FakeModel();
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static int probe(String... args) {
    return HealthProbe.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  @Test
  void serving_exitsZero_forTheServerAndEachService() {
    try (ServerHarness server = ServerHarness.serving(model, true)) {
      String addr = "localhost:" + server.server().port();

      assertEquals(0, probe("--addr", addr));
      assertEquals(0, probe("--addr", addr, "--service", "hydrosphere.serving.runtime.PredictionService"));
      assertEquals(1, probe("--addr", addr, "--service", "no.such.Service"));
    }
  }

  @Test
  void loadingOrFailed_exitsOne() {
    ServingState failed = new ServingState("loading");
    failed.failed("broken");
    try (ServerHarness loading = ServerHarness.netty(new ServingState("loading"), ServerHarness.LIMITS);
        ServerHarness broken = ServerHarness.netty(failed, ServerHarness.LIMITS)) {
      assertEquals(1, probe("--addr", "localhost:" + loading.server().port()));
      assertEquals(1, probe("--addr", ":" + broken.server().port()));
    }
  }

  @Test
  void nobodyListening_exitsOne_sayingWhy() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status = HealthProbe.run(new String[] {"--addr", "localhost:" + port, "--timeout-ms", "5000"},
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));

    assertEquals(1, status);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("UNAVAILABLE"), err.toString(StandardCharsets.UTF_8));
  }
}
