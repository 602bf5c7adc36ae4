package org.modelrt.bench.load;

import io.grpc.Status;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one concurrency level measured: completed calls, how many per second, latency percentiles of every completed
 * call (failed ones included: a fast error is still a latency), and calls by status code.
 *
 * @param concurrency calls kept outstanding
 * @param calls calls completed in the measured window
 * @param seconds the measured window: from the end of warmup until the last measured call completed
 * @param p50Micros median latency, microseconds
 * @param statusCounts completed calls by gRPC status code, OK included
 * @param serverCpuMicrosPerCall the server process's CPU time (user + system) over the window per call; NaN when
 *     its pid is not known
 */
public record LevelResult(int concurrency, long calls, double seconds, double throughput, double p50Micros,
    double p90Micros, double p99Micros, double maxMicros, Map<Status.Code, Long> statusCounts,
    double serverCpuMicrosPerCall) {

  static LevelResult of(int concurrency, double seconds, Histogram nanos, Map<Status.Code, Long> statusCounts,
      long serverCpuNanos) {
    long calls = nanos.getTotalCount();
    double cpuPerCall = serverCpuNanos < 0 || calls == 0 ? Double.NaN : serverCpuNanos / 1000.0 / calls;
    return new LevelResult(concurrency, calls, seconds, calls / seconds,
        micros(nanos.getValueAtPercentile(50)), micros(nanos.getValueAtPercentile(90)),
        micros(nanos.getValueAtPercentile(99)), micros(nanos.getMaxValue()), Map.copyOf(statusCounts), cpuPerCall);
  }

  /** Calls that did not end OK. */
  public long errors() {
    return statusCounts.entrySet().stream().filter(e -> e.getKey() != Status.Code.OK)
        .mapToLong(Map.Entry::getValue).sum();
  }

  private static double micros(long nanos) {
    return nanos / 1000.0;
  }
}
