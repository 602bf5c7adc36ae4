package org.modelrt.serving.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Spans through the real SDK, exported to its in-memory exporter. */
final class TracingTest {
  private static final Endpoint PREDICT = Endpoint.grpc("tensorflow.serving.PredictionService/Predict");
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
      .build();
  private final Observability observability =
      new Observability(new ServingMetrics(new PrometheusRegistry()), null, new Tracing(sdk));

  @AfterEach
  void close() {
    sdk.close();
  }

  private static void runPhases(CallRecord r) {
    r.entered("m");
    r.acquired("m", 3, "PyTorch");
    r.signature("serving_default");
    r.decoded();
    r.ran();
    r.encoded();
  }

  @Test
  void aCallWithTheCallersTraceparent_isAChildOfIt_withOnePhaseSpanEach() {
    CallRecord r = observability.begin(PREDICT, "127.0.0.1:1",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    runPhases(r);
    observability.end(r, "OK");

    assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", r.traceId());
    Map<String, SpanData> spans = exporter.getFinishedSpanItems().stream()
        .collect(Collectors.toMap(SpanData::getName, Function.identity()));
    assertEquals(List.of("decode", "encode", "engine", "queue", "tensorflow.serving.PredictionService/Predict"),
        spans.keySet().stream().sorted().toList());
    SpanData request = spans.get("tensorflow.serving.PredictionService/Predict");
    assertEquals(SpanKind.SERVER, request.getKind());
    assertEquals("00f067aa0ba902b7", request.getParentSpanId());
    assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", request.getTraceId());
    assertEquals("m", request.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("modelrt.model")));
    for (String phase : List.of("queue", "decode", "engine", "encode")) {
      SpanData s = spans.get(phase);
      assertEquals(request.getSpanId(), s.getParentSpanId(), phase);
      assertEquals(request.getTraceId(), s.getTraceId(), phase);
      assertTrue(s.getStartEpochNanos() >= request.getStartEpochNanos() - 1_000_000, phase); // millis-precise start
      assertTrue(s.getEndEpochNanos() <= request.getEndEpochNanos(), phase);
    }
    assertTrue(spans.get("queue").getEndEpochNanos() <= spans.get("decode").getStartEpochNanos());
    assertTrue(spans.get("engine").getEndEpochNanos() <= spans.get("encode").getStartEpochNanos());
  }

  @Test
  void aCallWithoutOne_startsATrace_whoseIdIsTheCallsTraceId_andAFailureIsAnError() {
    CallRecord r = observability.begin(PREDICT, "", null);
    r.entered("m");
    observability.end(r, "NOT_FOUND");

    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertEquals(1, spans.size(), spans.toString()); // it never reached a phase boundary after queue
    assertEquals(r.traceId(), spans.get(0).getTraceId());
    assertEquals(StatusCode.ERROR, spans.get(0).getStatus().getStatusCode());
  }

  @Test
  void offByDefault_andOnlyWhenTheEnvironmentAsks() {
    assertEquals(Tracing.OFF, Tracing.fromEnvironment(Map.of()));
    assertEquals(Tracing.OFF, Tracing.fromEnvironment(Map.of("OTEL_TRACES_EXPORTER", "none")));
    assertEquals(Tracing.OFF, Tracing.fromEnvironment(Map.of("OTEL_SERVICE_NAME", "x", "OTEL_SDK_DISABLED", "true")));
    assertTrue(Tracing.fromEnvironment(Map.of("OTEL_TRACES_EXPORTER", "logging")).on());
    // A mistake in the OTEL_* settings turns tracing off rather than stopping the server.
    assertEquals(Tracing.OFF, Tracing.fromEnvironment(Map.of("OTEL_TRACES_EXPORTER", "no-such-exporter")));
  }
}
