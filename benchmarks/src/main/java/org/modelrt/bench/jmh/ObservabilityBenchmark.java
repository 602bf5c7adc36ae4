package org.modelrt.bench.jmh;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;
import org.modelrt.serving.observe.AccessLog;
import org.modelrt.serving.observe.CallRecord;
import org.modelrt.serving.observe.Endpoint;
import org.modelrt.serving.observe.Observability;
import org.modelrt.serving.observe.ServingMetrics;
import org.modelrt.serving.observe.Tracing;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What observing one predict costs its call: {@code begin} (in-flight, trace id), the pipeline's five phase marks,
 * the byte counts and {@code end} (every metric of the call: TF Serving's and modelrt's, phases, bytes), with the
 * series already resolved as they are after a call's first time. Variants: with a caller's traceparent (parsed
 * instead of a fresh id), and with the access log on (the call only queues its record; a writer thread formats it
 * into a discarding writer). {@code clockOnly} is the floor: the same clock reads and nothing else.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar ObservabilityBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ObservabilityBenchmark {
  private static final Endpoint PREDICT = Endpoint.grpc("tensorflow.serving.PredictionService/Predict");
  private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  /**
   * The benchmark thread's CPU time per call, printed after each iteration: on a shared host the wall time per call
   * (JMH's score) includes the time the thread waited for a core; the CPU time is what a call costs.
   */
  @State(Scope.Thread)
  public static class CpuTime {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long calls;
    private long start;

    @Setup(Level.Iteration)
    public void start() {
      calls = 0;
      start = threads.getCurrentThreadCpuTime();
    }

    @TearDown(Level.Iteration)
    public void report() {
      System.out.printf("  [thread CPU time: %.1f ns/call]%n", (threads.getCurrentThreadCpuTime() - start)
          / (double) Math.max(1, calls));
    }
  }

  private Observability metricsOnly;
  private Observability withAccessLog;

  @Setup(Level.Trial)
  public void setUp() {
    ServingMetrics metrics = new ServingMetrics(new PrometheusRegistry());
    metricsOnly = new Observability(metrics, null, Tracing.OFF);
    withAccessLog = new Observability(metrics, AccessLog.open(Writer.nullWriter(), metrics), Tracing.OFF);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    withAccessLog.close();
  }

  private static CallRecord call(Observability o, String traceparent) {
    CallRecord r = o.begin(PREDICT, "127.0.0.1:50000", traceparent);
    r.entered("default");
    r.acquired("default", 1, "PyTorch");
    r.signature("predict");
    r.addRequestBytes(120);
    r.decoded();
    r.ran();
    r.encoded();
    r.addResponseBytes(96);
    o.end(r, "OK");
    return r;
  }

  @Benchmark
  public CallRecord metrics(CpuTime cpu) {
    cpu.calls++;
    return call(metricsOnly, null);
  }

  @Benchmark
  public CallRecord metricsWithTraceparent(CpuTime cpu) {
    cpu.calls++;
    return call(metricsOnly, TRACEPARENT);
  }

  @Benchmark
  public CallRecord metricsAndAccessLog(CpuTime cpu) {
    cpu.calls++;
    return call(withAccessLog, null);
  }

  @Benchmark
  public void clockOnly(Blackhole bh, CpuTime cpu) {
    cpu.calls++;
    bh.consume(System.currentTimeMillis());
    for (int i = 0; i < 7; i++) {
      bh.consume(System.nanoTime());
    }
  }
}
