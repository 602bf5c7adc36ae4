package org.modelrt.bench.load;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.grpc.Status;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** A {@link SweepReport} as a text table, as CSV (one row per level) and as JSON. Stateless. */
public final class SweepFormats {
  private static final String CSV_HEADER =
      "target,protocol,concurrency,calls,seconds,throughput_per_s,p50_us,p90_us,p99_us,max_us,errors,status_counts,"
      + "server_cpu_us_per_call";

  private SweepFormats() {}

  public static String table(SweepReport r) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%s %s, request payload %d B%n", r.protocol(), r.target(), r.payloadBytes()));
    out.append(String.format(Locale.ROOT, "%11s %10s %12s %10s %10s %10s %10s %14s  %s%n",
        "concurrency", "calls", "calls/s", "p50 us", "p90 us", "p99 us", "max us", "srv cpu us/call", "errors"));
    for (LevelResult l : r.levels()) {
      out.append(String.format(Locale.ROOT, "%11d %10d %12.1f %10.1f %10.1f %10.1f %10.1f %14.1f  %s%n",
          l.concurrency(), l.calls(), l.throughput(), l.p50Micros(), l.p90Micros(), l.p99Micros(), l.maxMicros(),
          l.serverCpuMicrosPerCall(), errorText(l)));
    }
    if (r.rssBeforeKib() >= 0) {
      out.append(String.format(Locale.ROOT, "server RSS: before %.1f MiB, after warmup %.1f MiB, after %.1f MiB"
          + " (growth after warmup %+.1f MiB)%n", r.rssBeforeKib() / 1024.0, r.rssAfterWarmupKib() / 1024.0,
          r.rssAfterKib() / 1024.0, r.rssGrowthMib()));
    }
    return out.toString();
  }

  public static String csv(SweepReport r) {
    StringBuilder out = new StringBuilder(CSV_HEADER).append('\n');
    for (LevelResult l : r.levels()) {
      out.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%.3f,%.1f,%.1f,%.1f,%.1f,%.1f,%d,%s,%.1f%n", r.target(),
          r.protocol(), l.concurrency(), l.calls(), l.seconds(), l.throughput(), l.p50Micros(), l.p90Micros(),
          l.p99Micros(), l.maxMicros(), l.errors(), statusText(l.statusCounts(), ";"), l.serverCpuMicrosPerCall()));
    }
    return out.toString();
  }

  public static String json(SweepReport r) {
    JsonObject root = new JsonObject();
    root.addProperty("target", r.target());
    root.addProperty("protocol", r.protocol());
    root.addProperty("payload_bytes", r.payloadBytes());
    root.addProperty("rss_before_kib", r.rssBeforeKib());
    root.addProperty("rss_after_warmup_kib", r.rssAfterWarmupKib());
    root.addProperty("rss_after_kib", r.rssAfterKib());
    JsonArray levels = new JsonArray();
    for (LevelResult l : r.levels()) {
      JsonObject level = new JsonObject();
      level.addProperty("concurrency", l.concurrency());
      level.addProperty("calls", l.calls());
      level.addProperty("seconds", l.seconds());
      level.addProperty("throughput_per_s", l.throughput());
      level.addProperty("p50_us", l.p50Micros());
      level.addProperty("p90_us", l.p90Micros());
      level.addProperty("p99_us", l.p99Micros());
      level.addProperty("max_us", l.maxMicros());
      level.addProperty("errors", l.errors());
      level.addProperty("server_cpu_us_per_call", l.serverCpuMicrosPerCall());
      JsonObject statuses = new JsonObject();
      l.statusCounts().forEach((code, n) -> statuses.addProperty(code.name(), n));
      level.add("status_counts", statuses);
      levels.add(level);
    }
    root.add("levels", levels);
    return new GsonBuilder().setPrettyPrinting().create().toJson(root) + "\n";
  }

  private static String errorText(LevelResult l) {
    return l.errors() == 0 ? "0" : l.errors() + " (" + statusText(l.statusCounts(), ", ") + ")";
  }

  private static String statusText(Map<Status.Code, Long> counts, String separator) {
    return counts.entrySet().stream().map(e -> e.getKey().name() + "=" + e.getValue())
        .collect(Collectors.joining(separator));
  }
}
