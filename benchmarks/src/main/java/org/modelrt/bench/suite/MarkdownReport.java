package org.modelrt.bench.suite;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.modelrt.bench.load.LevelResult;
import org.modelrt.bench.load.SweepReport;

/** Writes {@code docs/benchmarks.md} from one suite run: every figure beside its baseline, with the ratio. */
final class MarkdownReport {
  /** Engine latencies measured once with a raw DJL Predictor when the engines were chosen, p50 / p99 in µs. */
  private static final Map<String, String> ENGINE_REFERENCE = Map.of(
      "pt_linear", "PyTorch 23-27 / 80-95", "onnx_linear", "OnnxRuntime 12.5-14 / 56-63",
      "tf_linear", "TensorFlow 65-87 / 170-230");
  private static final List<String> ENGINE_MODELS = List.of("pt_linear", "onnx_linear", "tf_linear");

  private static final String ANALYSIS = "## Analysis\n";

  private final StringBuilder out = new StringBuilder();
  private final SuiteResults r;

  private MarkdownReport(SuiteResults r) {
    this.r = r;
  }

  static String write(SuiteResults results) {
    MarkdownReport report = new MarkdownReport(results);
    report.header();
    report.targets();
    report.endToEnd();
    report.engines();
    CodecTables.write(report.out, results.jmh());
    report.load();
    report.memory();
    report.footprints();
    report.analysis();
    return report.out.toString();
  }

  /** {@code report} with everything after its Analysis heading replaced by {@code analysis}. */
  static String withAnalysis(String report, String analysis) {
    int at = report.indexOf(ANALYSIS);
    if (at < 0) {
      throw new IllegalArgumentException("the report has no '" + ANALYSIS.strip() + "' section to refresh");
    }
    return report.substring(0, at + ANALYSIS.length()) + "\n" + analysis.strip() + "\n";
  }

  private void header() {
    MachineInfo m = r.machine();
    line("# modelrt benchmarks");
    line("");
    line("Written by `benchmarks/run-suite.sh` on " + m.date() + " at commit `" + m.commit() + "`; do not edit by"
        + " hand, run it again (the Analysis section is kept in `benchmarks/analysis.md`). How to read and rerun:"
        + " [the Benchmarks section of the README](../README.md#benchmarks).");
    line("");
    line("| cores | CPU | memory | kernel | JVM |");
    line("|---|---|---|---|---|");
    line("| " + m.cores() + " | " + m.cpuModel() + " | " + m.memory() + " | " + m.kernel() + " | " + m.jvm() + " |");
    line("");
    line("Libraries: " + String.join(", ", m.libraries()) + ".");
    line("");
    line("Host load average (1 / 5 / 15 min, " + m.cores() + " cores): " + String.join("; ", m.loadAverages())
        + ". Above " + m.cores() + ", other processes were competing for the cores during the run.");
    line("");
    line("**Read with care.** Client and server run on the same " + m.cores() + "-core host and compete for it,"
        + " and the host is shared and noisy; every baseline below was measured in the same run under the same"
        + " handicap, so quote the ratios and medians rather than absolute numbers. JMH per benchmark and"
        + " parameter set: latency " + r.latencyBudget().describe() + "; throughput " + r.throughputBudget().describe()
        + " (a bounded suite, not a publication-grade run).");
    line("");
    line("Baselines: **echo** is a bare grpc-java server whose G2 Predict returns the request's inputs (same"
        + " messages, Netty or in-process, the same handler pool as the runtime; `org.modelrt.bench.echo`);"
        + " **engine** is `LoadedModel.predict` alone in a request scope on the same tiny model;"
        + " **memory copy** is one bulk copy of the same number of bytes into a direct buffer allocated once (copy bandwidth).");
    line("");
  }

  private void targets() {
    line("## Targets");
    line("");
    line("| target | measured | baseline | verdict |");
    line("|---|---|---|---|");
    for (TargetChecks.Check c : TargetChecks.evaluate(r)) {
      line("| " + c.target() + " | " + c.measured() + " | " + c.baseline() + " | " + c.verdict() + " |");
    }
    line("");
  }

  private void endToEnd() {
    line("## End-to-end Predict, one caller (JMH sample time, µs)");
    line("");
    line("G2 Predict on `pt_linear` (Linear 4->3, batch 1, typed `float_val`), same blocking-stub client for both"
        + " servers, client and server in one JVM.");
    line("");
    line("| transport | modelrt p50 / p90 / p99 | echo p50 / p90 / p99 | engine p50 | modelrt / echo (p50) |"
        + " modelrt / (echo + engine) (p50) | modelrt - echo - engine (p50) |");
    line("|---|---|---|---|---|---|---|");
    Optional<Figures.Latency> engine = r.jmh().latency(TargetChecks.ENGINE, Map.of("model", "pt_linear"));
    for (String transport : List.of("NETTY", "INPROCESS")) {
      Optional<Figures.Latency> real = r.jmh().latency(TargetChecks.E2E,
          Map.of("server", "modelrt", "transport", transport));
      Optional<Figures.Latency> echo = r.jmh().latency(TargetChecks.E2E,
          Map.of("server", "echo", "transport", transport));
      String ratio = real.isPresent() && echo.isPresent() ? x(real.get().p50() / echo.get().p50()) : "-";
      String limit = "-";
      String overhead = "-";
      if (real.isPresent() && echo.isPresent() && engine.isPresent()) {
        limit = x(real.get().p50() / (echo.get().p50() + engine.get().p50()));
        overhead = f1(real.get().p50() - echo.get().p50() - engine.get().p50());
      }
      line("| " + transport.toLowerCase(Locale.ROOT) + " | " + triple(real) + " | " + triple(echo) + " | "
          + engine.map(e -> f1(e.p50())).orElse("-") + " | " + ratio + " | " + limit + " | " + overhead + " |");
    }
    line("");
  }

  private void engines() {
    line("## Engine call alone (JMH sample time, µs)");
    line("");
    line("`LoadedModel.predict` on each engine's Linear 4->3 fixture, batch 1: input created in a request scope,"
        + " output read back, scope closed (what the server pays per call). The reference column is the"
        + " measurement of a raw DJL Predictor when the engines were chosen (another harness and day).");
    line("");
    line("| model | p50 / p90 / p99 | reference p50 / p99 |");
    line("|---|---|---|");
    for (String model : ENGINE_MODELS) {
      line("| " + model + " | " + triple(r.jmh().latency(TargetChecks.ENGINE, Map.of("model", model))) + " | "
          + ENGINE_REFERENCE.get(model) + " |");
    }
    line("");
  }

  private void load() {
    line("## Load sweep: packaged runtime vs echo process (load generator, closed loop)");
    line("");
    if (r.runtimeSweep().isEmpty() || r.echoSweep().isEmpty()) {
      line("Not measured in this run.");
      line("");
      return;
    }
    SweepReport real = r.runtimeSweep().get();
    SweepReport echo = r.echoSweep().get();
    Sweeps.describe(out, real);
    line("| concurrency | modelrt calls/s | echo calls/s | modelrt / echo | modelrt p50 / p90 / p99 / max (µs) |"
        + " echo p50 / p90 / p99 / max (µs) | modelrt p50 / echo p50 | server CPU µs/call modelrt / echo |"
        + " modelrt errors |");
    line("|---|---|---|---|---|---|---|---|---|");
    for (LevelResult l : real.levels()) {
      Optional<LevelResult> e = TargetChecks.level(echo, l.concurrency());
      line("| " + l.concurrency() + " | " + f0(l.throughput()) + " | " + e.map(b -> f0(b.throughput())).orElse("-")
          + " | " + e.map(b -> x(l.throughput() / b.throughput())).orElse("-") + " | " + Sweeps.latencies(l)
          + " | " + e.map(Sweeps::latencies).orElse("-") + " | " + e.map(b -> x(l.p50Micros() / b.p50Micros()))
          .orElse("-") + " | " + f1(l.serverCpuMicrosPerCall()) + " / "
          + e.map(b -> f1(b.serverCpuMicrosPerCall())).orElse("-") + " | " + Sweeps.errors(l) + " |");
    }
    line("");
  }

  private void memory() {
    line("## Memory: RSS over a long run");
    line("");
    Sweeps.memory(out, r.rssRun(), r.rssEchoRun(), r.runtimeSweep(), r.echoSweep());
  }

  private void footprints() {
    line("## Per engine: start to SERVING and memory (packaged runtime, load generator)");
    line("");
    if (r.footprints().isEmpty()) {
      line("Not measured in this run.");
      line("");
      return;
    }
    line("A fresh `java -jar modelrt.jar` per engine on its Linear 4->3 fixture, with `"
        + String.join(" ", LoadStage.SERVER_JVM_FLAGS) + "` (so about 256 MiB of each RSS is the pre-touched heap):"
        + " time from the process start to `grpc.health.v1` SERVING (JVM start, natives, model load, warmup), polled"
        + " every 10 ms; VmRSS once serving, before any call; then G2 Predict at 16 callers, RSS after a 2 s warmup"
        + " and after the calls.");
    line("");
    line("| model | start to SERVING | RSS once serving | RSS after warmup | calls | errors | calls/s | p50 / p99 (µs)"
        + " | RSS after the calls | growth after warmup |");
    line("|---|---|---|---|---|---|---|---|---|---|");
    for (FootprintStage.Footprint f : r.footprints()) {
      SweepReport s = f.run();
      LevelResult l = s.levels().get(0);
      line(String.format(Locale.ROOT, "| %s | %d ms | %.1f MiB | %.1f MiB | %d | %s | %.0f | %.0f / %.0f | %.1f MiB"
          + " | %+.1f MiB |", f.model(), f.startToServingMillis(), s.rssBeforeKib() / 1024.0,
          s.rssAfterWarmupKib() / 1024.0, l.calls(), Sweeps.errors(l), l.throughput(), l.p50Micros(), l.p99Micros(),
          s.rssAfterKib() / 1024.0, s.rssGrowthMib()));
    }
    line("");
  }

  private void analysis() {
    out.append(ANALYSIS);
    line("");
    line(r.analysis().strip());
    line("");
  }

  private String triple(Optional<Figures.Latency> l) {
    return l.map(v -> f1(v.p50()) + " / " + f1(v.p90()) + " / " + f1(v.p99())).orElse("not measured");
  }

  static String x(double ratio) {
    return String.format(Locale.ROOT, "%.2fx", ratio);
  }

  static String f1(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String f0(double v) {
    return String.format(Locale.ROOT, "%.0f", v);
  }

  private void line(String text) {
    out.append(text).append('\n');
  }
}
