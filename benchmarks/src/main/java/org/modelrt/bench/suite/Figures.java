package org.modelrt.bench.suite;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.Statistics;

/**
 * Looks up the JMH results of one suite run by benchmark and parameters. Latencies come from sample-time
 * benchmarks' percentiles (microseconds, the benchmarks' output unit); rates from the {@code bytes} counter of
 * throughput benchmarks (bytes per second).
 */
final class Figures {
  /** Latency percentiles of a sample-time benchmark, in microseconds. */
  record Latency(double p50, double p90, double p99, long samples) {}

  private final List<RunResult> results;

  Figures(List<RunResult> results) {
    this.results = List.copyOf(results);
  }

  Optional<Latency> latency(String benchmark, Map<String, String> params) {
    return find(benchmark, params).map(r -> {
      Statistics s = r.getPrimaryResult().getStatistics();
      return new Latency(s.getPercentile(50), s.getPercentile(90), s.getPercentile(99), s.getN());
    });
  }

  /**
   * The {@code bytes} counter's rate, bytes per second: the median over the measurement iterations, which a
   * neighbour's burst on a shared host moves less than the mean JMH prints.
   */
  OptionalDouble bytesPerSecond(String benchmark, Map<String, String> params) {
    Optional<RunResult> run = find(benchmark, params);
    if (run.isEmpty()) {
      return OptionalDouble.empty();
    }
    Result<?> bytes = run.get().getSecondaryResults().get("bytes");
    return bytes == null ? OptionalDouble.empty() : OptionalDouble.of(bytes.getStatistics().getPercentile(50));
  }

  private Optional<RunResult> find(String benchmark, Map<String, String> params) {
    return results.stream()
        .filter(r -> r.getParams().getBenchmark().endsWith("." + benchmark))
        .filter(r -> params.entrySet().stream().allMatch(p -> p.getValue().equals(r.getParams().getParam(p.getKey()))))
        .findFirst();
  }
}
