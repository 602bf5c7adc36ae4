package org.modelrt.serving.observe;

import java.util.Optional;

/**
 * What every front calls at the two ends of a call: {@link #begin} when it arrives (in-flight count, trace id, span),
 * {@link #end} when its status is known (metrics, span, access-log line). Between them the front and the pipeline
 * fill the {@link CallRecord}.
 *
 * <p>Thread-safe. It owns the access log: {@link #close} flushes and closes it. Metrics live on in their registry.
 */
public final class Observability implements AutoCloseable {
  private final ServingMetrics metrics;
  private final AccessLog accessLog;
  private final Tracing tracing;

  /**
   * @param accessLog the access log; null for none
   */
  public Observability(ServingMetrics metrics, AccessLog accessLog, Tracing tracing) {
    this.metrics = metrics;
    this.accessLog = accessLog;
    this.tracing = tracing;
  }

  /** The process's metrics, no access log, no spans. */
  public static Observability metricsOnly() {
    return new Observability(ServingMetrics.global(), null, Tracing.OFF);
  }

  public ServingMetrics metrics() {
    return metrics;
  }

  /**
   * A call to {@code endpoint} has arrived from {@code peer}.
   *
   * @param traceparent the caller's W3C {@code traceparent}, or null
   */
  public CallRecord begin(Endpoint endpoint, String peer, String traceparent) {
    long nanos = System.nanoTime();
    long millis = System.currentTimeMillis();
    Optional<TraceContext> parent = TraceContext.fromTraceparent(traceparent);
    Object span = null;
    String traceId = null;
    if (tracing.on()) {
      span = tracing.start(endpoint, parent.orElse(null), millis);
      traceId = Tracing.traceId(span);
    }
    if (traceId == null) {
      traceId = parent.isPresent() ? parent.get().traceId() : TraceContext.newTraceId();
    }
    metrics.callStarted();
    return new CallRecord(endpoint, nanos, millis, peer == null ? "" : peer, traceId, span);
  }

  /** The call has ended with {@code status} (a gRPC code name: OK, INVALID_ARGUMENT...); a second end is ignored. */
  public void end(CallRecord call, String status) {
    if (!call.end(status, System.nanoTime())) {
      return;
    }
    metrics.callEnded(call);
    if (call.span != null) {
      tracing.end(call);
    }
    if (accessLog != null) {
      accessLog.offer(call);
    }
  }

  @Override
  public void close() {
    if (accessLog != null) {
      accessLog.close();
    }
  }
}
