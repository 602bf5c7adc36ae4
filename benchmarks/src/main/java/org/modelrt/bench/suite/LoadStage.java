package org.modelrt.bench.suite;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.modelrt.bench.load.PredictTarget;
import org.modelrt.bench.load.RequestSpec;
import org.modelrt.bench.load.Sweep;
import org.modelrt.bench.load.SweepFormats;
import org.modelrt.bench.load.SweepReport;

/**
 * The load generator against one server process: the concurrency sweep, then the long run at 16 callers for the
 * RSS check. This JVM is the client. Raw results are written beside the suite's logs as CSV and JSON.
 */
final class LoadStage {
  /** The same fixed, pre-touched heap for every server, so RSS growth means native or off-heap growth. */
  static final List<String> SERVER_JVM_FLAGS = List.of("-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch");

  private static final Sweep PREWARM = new Sweep(List.of(16), Duration.ofSeconds(10), Duration.ofSeconds(1), 0);

  /** What a server measured. */
  record Outcome(SweepReport sweep, SweepReport longRun) {}

  private final Sweep sweep;
  private final Sweep longRun;
  private final Path workDir;

  LoadStage(Sweep sweep, Sweep longRun, Path workDir) {
    this.sweep = sweep;
    this.longRun = longRun;
    this.workDir = workDir;
  }

  Outcome measure(ServerProcess server, RequestSpec spec, String label) throws Exception {
    ManagedChannel channel = Grpc.newChannelBuilder(server.address(), InsecureChannelCredentials.create())
        .directExecutor().build();
    try {
      PredictTarget target = PredictTarget.of(PredictTarget.Protocol.G2, channel, spec, "pt_linear", 30_000);
      server.awaitReady(channel, target, Duration.ofMinutes(3).toMillis());
      // Unmeasured: warms this client JVM too, so the server measured first does not pay for a cold client.
      PREWARM.run(target, server.address(), PredictTarget.Protocol.G2, spec, -1, l -> { });
      SweepReport levels = sweep.run(target, server.address(), PredictTarget.Protocol.G2, spec, server.pid(),
          l -> progress(label, l.concurrency(), l.throughput(), l.errors()));
      SweepReport memory = longRun.run(target, server.address(), PredictTarget.Protocol.G2, spec, server.pid(),
          l -> progress(label + " long run", l.concurrency(), l.throughput(), l.errors()));
      save(label, levels, "sweep");
      save(label, memory, "long-run");
      return new Outcome(levels, memory);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private void save(String label, SweepReport report, String kind) throws java.io.IOException {
    Files.writeString(workDir.resolve(label + "-" + kind + ".csv"), SweepFormats.csv(report));
    Files.writeString(workDir.resolve(label + "-" + kind + ".json"), SweepFormats.json(report));
    System.out.print(SweepFormats.table(report));
  }

  private static void progress(String label, int concurrency, double throughput, long errors) {
    System.out.printf("[suite] %s, concurrency %d: %.0f calls/s, %d errors%n", label, concurrency, throughput,
        errors);
  }
}
