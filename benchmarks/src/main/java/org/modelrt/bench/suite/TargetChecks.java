package org.modelrt.bench.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.modelrt.bench.load.LevelResult;
import org.modelrt.bench.load.SweepReport;

/** The four targets of issue 6, each checked against one suite run: met, missed, or not measured. */
final class TargetChecks {
  /** One target's outcome. */
  record Check(String target, String measured, String baseline, String verdict) {}

  static final String E2E = "EndToEndBenchmark.predict";
  static final String ENGINE = "EngineBenchmark.predict";
  static final String DECODE = "CodecDecodeBenchmark.decode";
  static final String MILLION = "1048576";

  private TargetChecks() {}

  static List<Check> evaluate(SuiteResults r) {
    List<Check> checks = new ArrayList<>();
    checks.add(endToEnd(r.jmh()));
    checks.add(decode(r.jmh(), "CONTENT", 2e9, "tensor_content decode, 1M floats >= 2 GB/s"));
    checks.add(decode(r.jmh(), "TYPED", 0.5e9, "typed float_val decode, 1M floats >= 0.5 GB/s"));
    checks.add(concurrency16(r.runtimeSweep(), r.echoSweep()));
    checks.add(rss(r.rssRun()));
    return checks;
  }

  private static Check endToEnd(Figures f) {
    String target = "end-to-end p50 (Netty, pt_linear, batch 1) <= 1.3 x (echo p50 + engine p50)";
    Optional<Figures.Latency> real = f.latency(E2E, Map.of("server", "modelrt", "transport", "NETTY"));
    Optional<Figures.Latency> echo = f.latency(E2E, Map.of("server", "echo", "transport", "NETTY"));
    Optional<Figures.Latency> engine = f.latency(ENGINE, Map.of("model", "pt_linear"));
    if (real.isEmpty() || echo.isEmpty() || engine.isEmpty()) {
      return new Check(target, "not measured", "", "NOT MEASURED");
    }
    double limit = echo.get().p50() + engine.get().p50();
    double ratio = real.get().p50() / limit;
    return new Check(target, us(real.get().p50()), String.format(Locale.ROOT, "%s + %s = %s", us(echo.get().p50()),
        us(engine.get().p50()), us(limit)), verdict(ratio <= 1.3, String.format(Locale.ROOT, "%.2fx", ratio)));
  }

  private static Check decode(Figures f, String encoding, double floor, String target) {
    OptionalDouble rate = f.bytesPerSecond(DECODE,
        Map.of("dtype", "FLOAT", "encoding", encoding, "elements", MILLION));
    OptionalDouble copy = f.bytesPerSecond("MemoryCopyBenchmark.copy", Map.of("elements", MILLION));
    if (rate.isEmpty()) {
      return new Check(target, "not measured", "", "NOT MEASURED");
    }
    String baseline = copy.isPresent() ? "memory copy " + gbps(copy.getAsDouble()) : "";
    return new Check(target, gbps(rate.getAsDouble()), baseline, verdict(rate.getAsDouble() >= floor,
        String.format(Locale.ROOT, "%.2fx the target", rate.getAsDouble() / floor)));
  }

  private static Check concurrency16(Optional<SweepReport> runtime, Optional<SweepReport> echo) {
    String target = "16 concurrent callers on pt_linear: zero errors (throughput reported)";
    Optional<LevelResult> real = runtime.flatMap(s -> level(s, 16));
    if (real.isEmpty()) {
      return new Check(target, "not measured", "", "NOT MEASURED");
    }
    Optional<LevelResult> base = echo.flatMap(s -> level(s, 16));
    String baseline = base.map(b -> String.format(Locale.ROOT, "echo %.0f calls/s", b.throughput())).orElse("");
    String ratio = base.map(b -> String.format(Locale.ROOT, ", %.2fx echo", real.get().throughput() / b.throughput()))
        .orElse("");
    return new Check(target, String.format(Locale.ROOT, "%.0f calls/s, %d errors", real.get().throughput(),
        real.get().errors()), baseline, verdict(real.get().errors() == 0, real.get().errors() + " errors" + ratio));
  }

  private static Check rss(Optional<SweepReport> run) {
    String target = "RSS after 1M requests within 10 MiB of RSS after warmup";
    if (run.isEmpty() || Double.isNaN(run.get().rssGrowthMib())) {
      return new Check(target, "not measured", "", "NOT MEASURED");
    }
    SweepReport s = run.get();
    return new Check(target, String.format(Locale.ROOT, "%.1f MiB after %d calls", s.rssAfterKib() / 1024.0,
        s.levels().stream().mapToLong(LevelResult::calls).sum()), String.format(Locale.ROOT, "%.1f MiB after warmup",
        s.rssAfterWarmupKib() / 1024.0), verdict(Math.abs(s.rssGrowthMib()) <= 10,
        String.format(Locale.ROOT, "%+.1f MiB", s.rssGrowthMib())));
  }

  static Optional<LevelResult> level(SweepReport s, int concurrency) {
    return s.levels().stream().filter(l -> l.concurrency() == concurrency).findFirst();
  }

  static String us(double micros) {
    return String.format(Locale.ROOT, "%.1f us", micros);
  }

  static String gbps(double bytesPerSecond) {
    return CodecTables.bytesRate(bytesPerSecond);
  }

  private static String verdict(boolean met, String detail) {
    return (met ? "MET" : "MISSED") + " (" + detail + ")";
  }
}
