package org.modelrt.serving.observe;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import org.modelrt.serving.VersionState;

/**
 * Every metric modelrt exposes, under TF Serving's names (so its dashboards work) and modelrt's own. Each call's
 * series are resolved once per label set and cached ({@link SeriesKey}), so recording a call is a map lookup and a
 * few lock-free adds: no label strings are built per call. Histograms are classic only (no native buckets) and keep
 * no exemplars, both of which cost per observation.
 *
 * <p>Thread-safe. {@link #global()} registers in {@link PrometheusRegistry#defaultRegistry} (what the HTTP front
 * serves), once per process, with the JVM and process metrics.
 */
public final class ServingMetrics {
  /** modelrt's latency buckets: 50 us to 60 s, in seconds. */
  static final double[] SECONDS = {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
      0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
  /** TF Serving's latency buckets, in microseconds: 10 * 1.8^k, k = 0..32. */
  static final double[] TF_MICROS = tfBuckets();
  /** Message sizes: 64 B to 512 MiB, by powers of 8. */
  static final double[] BATCH_CALLS = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};
  static final double[] BYTES = {64, 512, 4096, 32768, 262144, 2097152, 16777216, 134217728, 536870912};

  private static ServingMetrics global;

  private final UntypedCounter tfRequestCount;
  private final Histogram tfRequestLatency;
  private final Histogram tfRuntimeLatency;
  private final UntypedCounter tfLoadAttempts;
  private final UntypedCounter tfLoadLatency;
  private final Histogram requestSeconds;
  private final Histogram phaseSeconds;
  private final Histogram requestBytes;
  private final Histogram responseBytes;
  private final Gauge versionState;
  private final Histogram loadSeconds;
  private final Histogram batchSize;
  private final GaugeDataPoint inFlight;
  private final CounterDataPoint cancelled;
  private final CounterDataPoint deadline;
  private final CounterDataPoint accessLogDropped;
  private final ConcurrentHashMap<SeriesKey, Series> series = new ConcurrentHashMap<>();

  /** The metrics of this process, in the default registry with the JVM's; made on first use. */
  public static synchronized ServingMetrics global() {
    if (global == null) {
      global = new ServingMetrics(PrometheusRegistry.defaultRegistry);
      JvmMetrics.builder().register(PrometheusRegistry.defaultRegistry);
    }
    return global;
  }

  /** Registers every metric in {@code registry} (tests and benchmarks use their own). */
  public ServingMetrics(PrometheusRegistry registry) {
    tfRequestCount = new UntypedCounter(":tensorflow:serving:request_count",
        "The total number of requests.", "model_name", "status");
    registry.register(tfRequestCount);
    tfRequestLatency = histogram(registry, ":tensorflow:serving:request_latency",
        "Distribution of wall time (in microseconds) for successful requests.", TF_MICROS,
        "model_name", "API", "entrypoint");
    tfRuntimeLatency = histogram(registry, ":tensorflow:serving:runtime_latency",
        "Distribution of wall time (in microseconds) for the model's runtime (the engine call).", TF_MICROS,
        "model_name", "API", "runtime");
    tfLoadAttempts = new UntypedCounter(":tensorflow:cc:saved_model:load_attempt_count",
        "The number of times a model was loaded, by outcome (success, fail).", "model_path", "status");
    registry.register(tfLoadAttempts);
    tfLoadLatency = new UntypedCounter(":tensorflow:cc:saved_model:load_latency",
        "Latency in microseconds for models that were successfully loaded (warmup included).", "model_path");
    registry.register(tfLoadLatency);
    requestSeconds = histogram(registry, "modelrt_request_seconds",
        "Calls by protocol, method, model, version, signature and status: wall time from the call's arrival to its"
            + " end.", SECONDS, "protocol", "method", "model", "version", "signature", "status");
    phaseSeconds = histogram(registry, "modelrt_phase_seconds", "Time of each phase of a predict: queue (admission"
        + " and the model version), decode, engine (the predictor wait and the run), encode.", SECONDS,
        "phase", "model");
    requestBytes = histogram(registry, "modelrt_request_bytes", "Request message bytes per call.", BYTES,
        "protocol", "model");
    responseBytes = histogram(registry, "modelrt_response_bytes", "Response message bytes per call.", BYTES,
        "protocol", "model");
    batchSize = histogram(registry, "modelrt_batch_size", "Calls served by one engine call when batching is on.",
        BATCH_CALLS, "model");
    loadSeconds = histogram(registry, "modelrt_model_load_seconds",
        "Time to load and warm up one model version, by outcome (success, fail).", SECONDS, "model", "status");
    versionState = Gauge.builder().name("modelrt_model_version_state").help("The state of each model version, as"
        + " TF Serving's ModelVersionStatus numbers it: 10 START, 20 LOADING, 30 AVAILABLE, 40 UNLOADING, 50 END.")
        .labelNames("model", "version").withoutExemplars().register(registry);
    inFlight = Gauge.builder().name("modelrt_in_flight").help("Calls in flight now.").withoutExemplars()
        .register(registry);
    Counter abandoned = Counter.builder().name("modelrt_abandoned_calls").help("Calls the caller gave up on:"
        + " cancelled, or past their deadline.").labelNames("reason").withoutExemplars().register(registry);
    cancelled = abandoned.labelValues("cancelled");
    deadline = abandoned.labelValues("deadline");
    accessLogDropped = Counter.builder().name("modelrt_access_log_dropped").help("Access log lines dropped because"
        + " the writer fell behind (its queue was full).").withoutExemplars().register(registry);
  }

  private static Histogram histogram(PrometheusRegistry registry, String name, String help, double[] bounds,
      String... labels) {
    return Histogram.builder().name(name).help(help).labelNames(labels).classicOnly().classicUpperBounds(bounds)
        .withoutExemplars().register(registry);
  }

  void callStarted() {
    inFlight.inc();
  }

  /** Records one ended call (its status set). */
  void callEnded(CallRecord r) {
    inFlight.dec();
    // A model no version was reached of is the caller's word: not a label, or any caller could add series at will.
    String model = r.version >= 0 ? r.model : "";
    SeriesKey key = new SeriesKey(r.endpoint, model, r.version, r.signature, r.status, r.runtime);
    Series s = series.get(key);
    if (s == null) {
      s = series.computeIfAbsent(key, this::resolve);
    }
    s.requestCount.inc();
    s.requestSeconds.observe(r.durationNanos / 1e9);
    if (s.tfLatency != null) {
      s.tfLatency.observe(r.durationNanos / 1e3);
    }
    s.requestBytes.observe(r.requestBytes);
    s.responseBytes.observe(r.responseBytes);
    phase(s.queue, CallRecord.between(r.enteredAt, r.acquiredAt));
    phase(s.decode, CallRecord.between(r.acquiredAt, r.decodedAt));
    long engine = CallRecord.between(r.decodedAt, r.ranAt);
    phase(s.engine, engine);
    if (engine >= 0) {
      s.runtimeLatency.observe(engine / 1e3);
    }
    phase(s.encode, CallRecord.between(r.ranAt, r.encodedAt));
    if (s.abandoned != null) {
      s.abandoned.inc();
    }
  }

  private static void phase(DistributionDataPoint point, long nanos) {
    if (nanos >= 0) {
      point.observe(nanos / 1e9);
    }
  }

  void accessLogDropped() {
    accessLogDropped.inc();
  }

  /** The state {@code version} of {@code model} is now in. */
  public void versionState(String model, long version, VersionState state) {
    versionState.labelValues(model, Long.toString(version)).set(10.0 * (state.ordinal() + 1));
  }

  /** The version is gone: its series is removed. */
  public void versionRemoved(String model, long version) {
    versionState.remove(model, Long.toString(version));
  }

  /** One engine call of {@code model} served {@code calls} batched calls. */
  public void batchRan(String model, int calls) {
    batchSize.labelValues(model).observe(calls);
  }

  /** A load of {@code model} from {@code path} ended after {@code nanos}, loaded or not. */
  public void loaded(String model, Path path, long nanos, boolean success) {
    String outcome = success ? "success" : "fail";
    loadSeconds.labelValues(model, outcome).observe(nanos / 1e9);
    tfLoadAttempts.labelValues(path.toString(), outcome).inc();
    if (success) {
      tfLoadLatency.labelValues(path.toString()).inc(nanos / 1000);
    }
  }

  private Series resolve(SeriesKey k) {
    Endpoint e = k.endpoint();
    String model = k.model();
    boolean ok = k.status().equals("OK");
    return new Series(
        tfRequestCount.labelValues(model, k.status()),
        requestSeconds.labelValues(e.protocol(), e.method(), model, k.version() < 0 ? "" : Long.toString(k.version()),
            k.signature(), k.status()),
        ok ? tfRequestLatency.labelValues(model, e.api(), e.entrypoint()) : null,
        tfRuntimeLatency.labelValues(model, e.api(), k.runtime()),
        requestBytes.labelValues(e.protocol(), model),
        responseBytes.labelValues(e.protocol(), model),
        phaseSeconds.labelValues("queue", model),
        phaseSeconds.labelValues("decode", model),
        phaseSeconds.labelValues("engine", model),
        phaseSeconds.labelValues("encode", model),
        switch (k.status()) {
          case "CANCELLED" -> cancelled;
          case "DEADLINE_EXCEEDED" -> deadline;
          default -> null;
        });
  }

  private static double[] tfBuckets() {
    double[] bounds = new double[33];
    double b = 10;
    for (int k = 0; k < bounds.length; k++, b *= 1.8) {
      bounds[k] = b;
    }
    return bounds;
  }

  /** The labels one call's series depend on. */
  private record SeriesKey(Endpoint endpoint, String model, long version, String signature, String status,
      String runtime) {}

  /** One label set's data points, resolved once. */
  private record Series(CounterDataPoint requestCount, DistributionDataPoint requestSeconds,
      DistributionDataPoint tfLatency, DistributionDataPoint runtimeLatency, DistributionDataPoint requestBytes,
      DistributionDataPoint responseBytes, DistributionDataPoint queue, DistributionDataPoint decode,
      DistributionDataPoint engine, DistributionDataPoint encode, CounterDataPoint abandoned) {}
}
