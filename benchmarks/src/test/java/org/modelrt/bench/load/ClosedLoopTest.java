package org.modelrt.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.modelrt.bench.echo.EchoServer;

class ClosedLoopTest {
  private final String name = InProcessServerBuilder.generateName();
  private final ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  private EchoServer echo;

  @AfterEach
  void close() throws Exception {
    channel.shutdownNow();
    if (echo != null) {
      echo.close();
    }
  }

  @Test
  void measuresExactlyTheRequestedCallsAllOk() throws Exception {
    echo = new EchoServer(InProcessServerBuilder.forName(name), 8).start();
    RequestSpec spec = RequestSpecs.fromJson(Path.of("../test-models/pt_linear/expected.json"), 0, false);
    // the gRPC generations, over the in-process channel (REST goes through RestTarget, over HTTP)
    for (PredictTarget.Protocol protocol : java.util.List.of(PredictTarget.Protocol.G2, PredictTarget.Protocol.G3)) {
      PredictTarget target = PredictTarget.of(protocol, channel, spec, "m", 10_000);
      LevelResult r = new ClosedLoop(target, 4).run(Duration.ofMillis(50), new ClosedLoop.Window(null, 500), () -> { });
      assertEquals(500, r.calls(), protocol.name());
      assertEquals(Map.of(Status.Code.OK, 500L), r.statusCounts(), protocol.name());
      assertTrue(r.p50Micros() > 0 && r.p50Micros() <= r.p99Micros() && r.p99Micros() <= r.maxMicros());
    }
  }

  @Test
  void countsFailedCallsByStatusCode() throws Exception {
    // A server with no services: every Predict ends UNIMPLEMENTED.
    io.grpc.Server bare = InProcessServerBuilder.forName(name).directExecutor().build().start();
    try {
      RequestSpec spec = RequestSpecs.fromCli("", List.of("x:DT_FLOAT:1x4"), false);
      PredictTarget target = PredictTarget.of(PredictTarget.Protocol.G3, channel, spec, "m", 10_000);
      LevelResult r = new ClosedLoop(target, 2).run(Duration.ZERO, new ClosedLoop.Window(null, 100), () -> { });
      assertEquals(Map.of(Status.Code.UNIMPLEMENTED, 100L), r.statusCounts());
      assertEquals(100, r.errors());
    } finally {
      bare.shutdownNow();
    }
  }

  @Test
  void csvHasOneRowPerLevelWithItsStatusCounts() {
    LevelResult level = new LevelResult(16, 10, 2.0, 5.0, 100, 200, 300, 400,
        Map.of(Status.Code.OK, 8L, Status.Code.INTERNAL, 2L), 42.5);
    String csv = SweepFormats.csv(new SweepReport("h:1", "G2", 30, List.of(level), -1, -1, -1));
    String[] row = csv.split("\n")[1].split(",");
    assertEquals(List.of("h:1", "G2", "16", "10", "2.000", "5.0", "100.0", "200.0", "300.0", "400.0", "2"),
        List.of(row).subList(0, 11));
    assertTrue(row[11].contains("INTERNAL=2") && row[11].contains("OK=8"), row[11]);
    assertEquals("42.5", row[12]);
  }
}
