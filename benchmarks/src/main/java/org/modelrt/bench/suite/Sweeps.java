package org.modelrt.bench.suite;

import java.util.Locale;
import java.util.Optional;
import org.modelrt.bench.load.LevelResult;
import org.modelrt.bench.load.SweepReport;

/** Markdown pieces for load-generator results: a level's latencies and errors, the RSS table. */
final class Sweeps {
  private Sweeps() {}

  static void describe(StringBuilder out, SweepReport s) {
    LevelResult first = s.levels().get(0);
    out.append(String.format(Locale.ROOT, "%s Predict, request payload %d B, each level %.0f s measured after its"
        + " warmup; the load generator (one JVM, one HTTP/2 connection, async callers) runs on the same host as"
        + " the server. Latencies include failed calls. Server CPU per call is the server process's user + system"
        + " time over the level (`/proc/<pid>/stat`) divided by its calls: work, as opposed to waiting.%n%n",
        s.protocol(), s.payloadBytes(), first.seconds()));
  }

  static String latencies(LevelResult l) {
    return String.format(Locale.ROOT, "%.0f / %.0f / %.0f / %.0f", l.p50Micros(), l.p90Micros(), l.p99Micros(),
        l.maxMicros());
  }

  static String errors(LevelResult l) {
    if (l.errors() == 0) {
      return "0";
    }
    StringBuilder text = new StringBuilder().append(l.errors()).append(" (");
    l.statusCounts().forEach((code, n) -> {
      if (code != io.grpc.Status.Code.OK) {
        text.append(code.name()).append('=').append(n).append(' ');
      }
    });
    return text.toString().strip() + ")";
  }

  static void memory(StringBuilder out, Optional<SweepReport> runtime, Optional<SweepReport> echo,
      Optional<SweepReport> runtimeSweep, Optional<SweepReport> echoSweep) {
    if (runtime.isEmpty()) {
      out.append("Not measured in this run.\n\n");
      return;
    }
    out.append("VmRSS of the server process (`/proc/<pid>/status`), read by the load generator (`--pid`): at start"
        + " (before the sweep above), then after the long run's warmup and at its end, 16 concurrent callers. Both"
        + " servers run with `" + String.join(" ", LoadStage.SERVER_JVM_FLAGS) + "`: a fixed, pre-touched heap, so"
        + " heap sizing is not mistaken for a leak; the echo server's drift is what the JVM and gRPC alone do over"
        + " the same number of calls.\n\n");
    out.append("| server | calls | errors | RSS at start | RSS after warmup | RSS after the run | growth after warmup |\n");
    out.append("|---|---|---|---|---|---|---|\n");
    row(out, "modelrt (pt_linear)", runtime.get(), runtimeSweep);
    echo.ifPresent(e -> row(out, "echo", e, echoSweep));
    out.append('\n');
  }

  private static void row(StringBuilder out, String name, SweepReport s, Optional<SweepReport> sweep) {
    long calls = s.levels().stream().mapToLong(LevelResult::calls).sum();
    long start = sweep.map(SweepReport::rssBeforeKib).orElse(s.rssBeforeKib());
    out.append(String.format(Locale.ROOT, "| %s | %d | %d | %.1f MiB | %.1f MiB | %.1f MiB | %+.1f MiB |%n", name,
        calls, s.errors(), start / 1024.0, s.rssAfterWarmupKib() / 1024.0, s.rssAfterKib() / 1024.0,
        s.rssGrowthMib()));
  }
}
