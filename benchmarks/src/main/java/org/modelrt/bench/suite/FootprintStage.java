package org.modelrt.bench.suite;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.modelrt.bench.fixture.TestModels;
import org.modelrt.bench.load.PredictTarget;
import org.modelrt.bench.load.RequestSpecs;
import org.modelrt.bench.load.Sweep;
import org.modelrt.bench.load.SweepReport;

/**
 * Per engine, the packaged runtime on that engine's Linear 4->3 fixture, each in a fresh JVM: the time from process
 * start to health SERVING (JVM start, natives, model load, warmup), then a fixed number of calls at 16 callers with
 * the server's RSS read once serving (before any call), after the warmup and at the end.
 */
final class FootprintStage {
  static final List<String> MODELS = List.of("pt_linear", "onnx_linear", "tf_linear");
  private static final int CALLERS = 16;

  /** One engine's figures. */
  record Footprint(String model, long startToServingMillis, SweepReport run) {}

  private final Path repo;
  private final Path workDir;
  private final long calls;

  FootprintStage(Path repo, Path workDir, long calls) {
    this.repo = repo;
    this.workDir = workDir;
    this.calls = calls;
  }

  /** Every engine that could be measured; one that could not is said on stdout and left out. */
  List<Footprint> measureAll() throws InterruptedException {
    List<Footprint> all = new ArrayList<>();
    for (String model : MODELS) {
      try {
        all.add(measure(model));
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        System.out.println("[suite] footprint of " + model + ": not measured: " + e);
      }
    }
    return all;
  }

  private Footprint measure(String model) throws Exception {
    long start = System.nanoTime();
    try (ServerProcess server = ServerProcess.runtime(repo, TestModels.dir(model), LoadStage.SERVER_JVM_FLAGS,
        workDir.resolve("footprint-" + model + ".log"))) {
      ManagedChannel channel = Grpc.newChannelBuilder(server.address(), InsecureChannelCredentials.create())
          .directExecutor().build();
      try {
        awaitServing(server, channel, Duration.ofMinutes(3));
        long startToServing = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        var spec = RequestSpecs.fromJson(TestModels.expectedJson(model), 0, false);
        PredictTarget target = PredictTarget.of(PredictTarget.Protocol.G2, channel, spec, model, 30_000);
        SweepReport run = new Sweep(List.of(CALLERS), Duration.ofSeconds(2), Duration.ZERO, calls)
            .run(target, server.address(), PredictTarget.Protocol.G2, spec, server.pid(), l -> System.out.printf(
                "[suite] footprint of %s: %d calls, %.0f calls/s, %d errors%n", model, l.calls(), l.throughput(),
                l.errors()));
        return new Footprint(model, startToServing, run);
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  /** Polls grpc.health.v1 every 10 ms until SERVING (refused connections and UNKNOWN mean: not yet). */
  private static void awaitServing(ServerProcess server, ManagedChannel channel, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      server.requireAlive();
      try {
        ServingStatus status = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(1, TimeUnit.SECONDS)
            .check(HealthCheckRequest.getDefaultInstance()).getStatus();
        if (status == ServingStatus.SERVING) {
          return;
        }
        if (status == ServingStatus.NOT_SERVING) {
          throw new IllegalStateException("the runtime reports NOT_SERVING (see its log)");
        }
      } catch (StatusRuntimeException e) {
        // not listening yet
      }
      Thread.sleep(10);
    }
    throw new IllegalStateException("not SERVING within " + timeout);
  }
}
