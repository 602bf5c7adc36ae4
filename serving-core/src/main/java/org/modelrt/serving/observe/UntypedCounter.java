package org.modelrt.serving.observe;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;

/**
 * A counter exposed under its exact name, as TF Serving's exporter writes its counters
 * ({@code :tensorflow:serving:request_count}, no {@code _total}). The Prometheus client 1.x always appends
 * {@code _total} to a counter's samples, so the counts are kept in an unregistered {@link Counter} (lock-free
 * increments, data points resolved once) and exposed as an untyped family of the same values; PromQL's
 * {@code rate()} reads it like any counter. Thread-safe.
 */
final class UntypedCounter implements Collector {
  private final String name;
  private final String help;
  private final Counter counts;

  UntypedCounter(String name, String help, String... labelNames) {
    this.name = name;
    this.help = help;
    // The backing counter's own name is never exposed; it only has to be valid.
    this.counts = Counter.builder().name("modelrt_backing" + Math.abs(name.hashCode())).labelNames(labelNames)
        .withoutExemplars().build();
  }

  /** The series of these label values, to keep and increment per call. */
  CounterDataPoint labelValues(String... values) {
    return counts.labelValues(values);
  }

  @Override
  public MetricSnapshot collect() {
    CounterSnapshot snapshot = counts.collect();
    UnknownSnapshot.Builder out = UnknownSnapshot.builder().name(name).help(help);
    for (CounterSnapshot.CounterDataPointSnapshot point : snapshot.getDataPoints()) {
      out.dataPoint(UnknownSnapshot.UnknownDataPointSnapshot.builder()
          .labels(point.getLabels()).value(point.getValue()).build());
    }
    return out.build();
  }

  @Override
  public String getPrometheusName() {
    return name;
  }
}
