package org.modelrt.serving.observe;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenTelemetry spans of calls: a SERVER span per call (a child of the caller's {@code traceparent} when it sent one)
 * and, under it, one span per predict phase (queue, decode, engine, encode), made when the call ends from the times
 * its {@link CallRecord} marked, so that a traced call pays nothing more between its phases.
 *
 * <p>Off unless the standard OpenTelemetry environment asks for it ({@link #fromEnvironment}); then the SDK is
 * configured by autoconfigure from every {@code OTEL_*} variable (exporter, endpoint, sampler, resource). Thread-safe.
 */
public final class Tracing {
  /** No spans. */
  public static final Tracing OFF = new Tracing(null);
  private static final Logger log = LoggerFactory.getLogger(Tracing.class);
  private static final AttributeKey<String> MODEL = AttributeKey.stringKey("modelrt.model");
  private static final AttributeKey<Long> VERSION = AttributeKey.longKey("modelrt.version");
  private static final AttributeKey<String> SIGNATURE = AttributeKey.stringKey("modelrt.signature");
  private static final AttributeKey<String> STATUS = AttributeKey.stringKey("rpc.grpc.status_code");
  private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("rpc.system");
  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("rpc.method");

  private final Tracer tracer;

  /** Spans through {@code openTelemetry} (tests give an SDK with an in-memory exporter); null for none. */
  public Tracing(OpenTelemetry openTelemetry) {
    this.tracer = openTelemetry == null ? null : openTelemetry.getTracer("org.modelrt.serving");
  }

  /**
   * On when {@code OTEL_TRACES_EXPORTER} (other than {@code none}), {@code OTEL_SERVICE_NAME} or an OTLP endpoint is
   * set and {@code OTEL_SDK_DISABLED} is not {@code true}; off otherwise. Metrics and logs are never exported
   * through OpenTelemetry unless their own variables ask (Prometheus serves the metrics).
   */
  public static Tracing fromEnvironment(Map<String, String> env) {
    String exporter = env.getOrDefault("OTEL_TRACES_EXPORTER", "");
    boolean asked = !exporter.isEmpty() && !exporter.equals("none") || env.containsKey("OTEL_SERVICE_NAME")
        || env.containsKey("OTEL_EXPORTER_OTLP_ENDPOINT") || env.containsKey("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
    if (!asked || "true".equalsIgnoreCase(env.get("OTEL_SDK_DISABLED")) || exporter.equals("none")) {
      return OFF;
    }
    Map<String, String> given = new HashMap<>(); // OTEL_TRACES_EXPORTER -> otel.traces.exporter, as autoconfigure reads
    env.forEach((k, v) -> {
      if (k.startsWith("OTEL_")) {
        given.put(k.toLowerCase(Locale.ROOT).replace('_', '.'), v);
      }
    });
    try {
      OpenTelemetry sdk = AutoConfiguredOpenTelemetrySdk.builder()
          .addPropertiesSupplier(() -> Map.of("otel.service.name", "modelrt", "otel.metrics.exporter", "none",
              "otel.logs.exporter", "none"))
          .addPropertiesCustomizer(config -> given)
          .build().getOpenTelemetrySdk();
      log.info("Tracing on: spans go to the {} exporter", given.getOrDefault("otel.traces.exporter", "otlp"));
      return new Tracing(sdk);
    } catch (ConfigurationException e) { // a tracing mistake must not stop serving
      log.warn("Tracing off: the OTEL_* settings are not usable: {}", e.getMessage());
      return OFF;
    }
  }

  boolean on() {
    return tracer != null;
  }

  /** Starts the call's span; null when off. */
  Object start(Endpoint endpoint, TraceContext parent, long epochMillis) {
    Context context = Context.root();
    if (parent != null) {
      context = context.with(Span.wrap(SpanContext.createFromRemoteParent(parent.traceId(), parent.parentId(),
          TraceFlags.fromByte(parent.flags()), TraceState.getDefault())));
    }
    return tracer.spanBuilder(endpoint.spanName()).setParent(context).setSpanKind(SpanKind.SERVER)
        .setStartTimestamp(epochMillis, TimeUnit.MILLISECONDS)
        .setAttribute(SYSTEM, endpoint.protocol().equals("grpc") ? "grpc" : "http")
        .setAttribute(METHOD, endpoint.api())
        .startSpan();
  }

  /** The trace id of a span {@link #start} made; null when it is not a valid one (a non-recording no-op). */
  static String traceId(Object span) {
    SpanContext context = ((Span) span).getSpanContext();
    return context.isValid() ? context.getTraceId() : null;
  }

  /** Adds the phase spans and ends the call's span. */
  void end(CallRecord r) {
    Span span = (Span) r.span;
    if (!span.isRecording()) {
      span.end();
      return;
    }
    Context parent = Context.root().with(span);
    long base = r.startEpochMillis * 1_000_000 - r.startNanos; // epoch nanos = base + nanoTime
    phase("queue", parent, base, r.enteredAt, r.acquiredAt);
    phase("decode", parent, base, r.acquiredAt, r.decodedAt);
    phase("engine", parent, base, r.decodedAt, r.ranAt);
    phase("encode", parent, base, r.ranAt, r.encodedAt);
    span.setAttribute(MODEL, r.model).setAttribute(SIGNATURE, r.signature).setAttribute(STATUS, r.status);
    if (r.version >= 0) {
      span.setAttribute(VERSION, r.version);
    }
    if (!r.status.equals("OK")) {
      span.setStatus(StatusCode.ERROR, r.status);
    }
    span.end(base + r.startNanos + r.durationNanos, TimeUnit.NANOSECONDS);
  }

  private void phase(String name, Context parent, long base, long from, long to) {
    if (from != 0 && to != 0) {
      tracer.spanBuilder(name).setParent(parent).setSpanKind(SpanKind.INTERNAL)
          .setStartTimestamp(base + from, TimeUnit.NANOSECONDS).startSpan().end(base + to, TimeUnit.NANOSECONDS);
    }
  }
}
