package org.modelrt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelrt.server.testing.Exposition;
import org.modelrt.server.testing.FakeModel;
import org.modelrt.server.testing.LoopbackRuntime;
import org.modelrt.server.testing.Tensors;
import org.modelrt.serving.ServingFailures;
import org.modelrt.wire.tfserving.ModelSpec;
import org.modelrt.wire.tfserving.PredictRequest;
import org.modelrt.wire.tfserving.service.PredictionServiceGrpc;
import org.slf4j.LoggerFactory;

/**
 * The runtime as Main assembles it, over loopback Netty: real gRPC calls of each outcome, then the Prometheus
 * default registry's exposition (as the HTTP front serves it) parsed strictly and its counts compared with the calls
 * made, and the access log's lines parsed and matched to the calls, the caller's traceparent included.
 */
final class ObservabilityEndToEndTest {
  private static final String G2 = "tensorflow.serving.PredictionService/Predict";
  private static final String G3 = "hydrosphere.serving.runtime.PredictionService/Predict";
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";
  private static final String FAIL_TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

  @TempDir
  Path dir;

  private static Exposition scrape() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ExpositionFormats.init().getPrometheusTextFormatWriter().write(out, PrometheusRegistry.defaultRegistry.scrape());
    return Exposition.parse(out.toString(StandardCharsets.UTF_8));
  }

  /**
   * A scrape once {@code calls} more calls than in {@code before} are recorded (at most 10 s): a call is recorded when
   * the server's side of it completes, which may be just after its client has the answer.
   */
  private static Exposition scrapeOnceRecorded(Exposition before, int calls) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      Exposition now = scrape();
      double recorded = now.value("modelrt_request_bytes_count", "protocol", "grpc", "model", "default")
          - before.value("modelrt_request_bytes_count", "protocol", "grpc", "model", "default");
      if (recorded >= calls) {
        Thread.sleep(50); // the last call's few observations after its request bytes (nanoseconds of work)
        return scrape();
      }
      if (System.nanoTime() > deadline) {
        return now;
      }
      Thread.sleep(20);
    }
  }

  private static PredictRequest predict(String signature, String input, long... dims) {
    float[] values = new float[(int) java.util.Arrays.stream(dims).reduce(1, (a, b) -> a * b)];
    return PredictRequest.newBuilder()
        .setModelSpec(ModelSpec.newBuilder().setName("default").setSignatureName(signature))
        .putInputs(input, Tensors.floats(Tensors.dims(dims), values)).build();
  }

  private static PredictionServiceGrpc.PredictionServiceBlockingStub traced(LoopbackRuntime runtime, String parent) {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER), parent);
    return runtime.tf().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  @Test
  void metricsCountEveryCallByStatus_andTheAccessLogHasOneLinePerCall() throws Exception {
    Path accessLog = dir.resolve("access.jsonl");
    ListAppender<ILoggingEvent> failures = new ListAppender<>();
    Logger failureLog = (Logger) LoggerFactory.getLogger(ServingFailures.class);
    failures.start();
    failureLog.addAppender(failures);
    Exposition before;
    try (LoopbackRuntime runtime = LoopbackRuntime.start(dir, (d, o) -> new FakeModel(), accessLog.toString())) {
      runtime.awaitSettled();
      before = scrape();
      for (int i = 0; i < 3; i++) {
        runtime.tf().withDeadlineAfter(30, TimeUnit.SECONDS).predict(predict("", "x", 1, 4));
      }
      traced(runtime, TRACEPARENT).predict(predict("", "x", 2, 4));
      for (int i = 0; i < 2; i++) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
            () -> runtime.tf().predict(predict("", "nope", 1, 4)));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
      }
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
          () -> traced(runtime, "00-" + FAIL_TRACE_ID + "-b7ad6b7169203331-01").predict(predict("fail", "x", 3)));
      assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
      runtime.g3().withDeadlineAfter(30, TimeUnit.SECONDS).predict(org.modelrt.wire.g3.PredictRequest.newBuilder()
          .putInputs("x", Tensors.g3Floats(Tensors.dims(1, 4), 1, 2, 3, 4)).build());

      Exposition after = scrapeOnceRecorded(before, 8);
      assertDelta(5, before, after, ":tensorflow:serving:request_count", "model_name", "default", "status", "OK");
      assertDelta(2, before, after, ":tensorflow:serving:request_count", "model_name", "default",
          "status", "INVALID_ARGUMENT");
      assertDelta(1, before, after, ":tensorflow:serving:request_count", "model_name", "default", "status", "INTERNAL");
      assertDelta(5, before, after, ":tensorflow:serving:request_latency_count", "model_name", "default",
          "API", "Predict", "entrypoint", "GRPC");
      assertDelta(5, before, after, ":tensorflow:serving:runtime_latency_count", "model_name", "default",
          "API", "Predict", "runtime", "PyTorch");
      assertDelta(4, before, after, "modelrt_request_seconds_count", "protocol", "grpc", "method", G2,
          "model", "default", "version", "1", "signature", "predict", "status", "OK");
      assertDelta(2, before, after, "modelrt_request_seconds_count", "protocol", "grpc", "method", G2,
          "model", "default", "version", "1", "signature", "predict", "status", "INVALID_ARGUMENT");
      assertDelta(1, before, after, "modelrt_request_seconds_count", "protocol", "grpc", "method", G2,
          "model", "default", "version", "1", "signature", "fail", "status", "INTERNAL");
      assertDelta(1, before, after, "modelrt_request_seconds_count", "protocol", "grpc", "method", G3,
          "model", "default", "version", "1", "signature", "predict", "status", "OK");
      assertDelta(8, before, after, "modelrt_phase_seconds_count", "phase", "queue", "model", "default");
      assertDelta(6, before, after, "modelrt_phase_seconds_count", "phase", "decode", "model", "default");
      assertDelta(5, before, after, "modelrt_phase_seconds_count", "phase", "engine", "model", "default");
      assertDelta(5, before, after, "modelrt_phase_seconds_count", "phase", "encode", "model", "default");
      assertDelta(8, before, after, "modelrt_request_bytes_count", "protocol", "grpc", "model", "default");
      assertEquals(0, after.value("modelrt_in_flight"));
      assertEquals(30, after.value("modelrt_model_version_state", "model", "default", "version", "1"));
      assertTrue(after.value("modelrt_model_load_seconds_count", "model", "default", "status", "success") >= 1);
      assertTrue(after.has("jvm_memory_used_bytes") && after.has("process_cpu_seconds_total"), "JVM metrics");
      assertDashboardNamesExist(after);
    } finally {
      failureLog.detachAppender(failures);
    }

    // The engine failure's log line carries the caller's trace id (MDC).
    assertTrue(failures.list.stream().anyMatch(ev -> FAIL_TRACE_ID.equals(ev.getMDCPropertyMap().get("trace_id"))),
        failures.list.toString());

    List<String> lines = Files.readAllLines(accessLog); // closed (flushed) with the runtime
    assertEquals(8, lines.size(), String.join("\n", lines));
    List<JsonObject> calls = lines.stream().map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
    List<String> statuses = calls.stream().map(c -> c.get("status").getAsString()).toList();
    assertEquals(List.of("OK", "OK", "OK", "OK", "INVALID_ARGUMENT", "INVALID_ARGUMENT", "INTERNAL", "OK"), statuses);
    for (JsonObject c : calls) {
      for (String field : List.of("ts", "protocol", "method", "model", "version", "signature", "status", "duration_ms",
          "request_bytes", "response_bytes", "peer", "trace_id")) {
        assertTrue(c.has(field), field + " missing from " + c);
      }
      assertEquals("grpc", c.get("protocol").getAsString());
      assertEquals("default", c.get("model").getAsString());
      assertEquals(1, c.get("version").getAsLong());
      assertTrue(c.get("peer").getAsString().startsWith("127.0.0.1:"), c.toString());
      assertTrue(c.get("request_bytes").getAsLong() > 0, c.toString());
      assertTrue(c.get("duration_ms").getAsDouble() >= 0, c.toString());
      assertEquals(32, c.get("trace_id").getAsString().length(), c.toString());
      assertEquals(c.get("status").getAsString().equals("OK"), c.get("response_bytes").getAsLong() > 0, c.toString());
    }
    assertEquals(TRACE_ID, calls.get(3).get("trace_id").getAsString());
    assertEquals(FAIL_TRACE_ID, calls.get(6).get("trace_id").getAsString());
    assertEquals("fail", calls.get(6).get("signature").getAsString());
    assertEquals(G3, calls.get(7).get("method").getAsString());
    assertEquals(G2, calls.get(0).get("method").getAsString());
    assertEquals(8, calls.stream().map(c -> c.get("trace_id").getAsString()).distinct().count(),
        "a fresh id per call without a traceparent: " + lines);
  }

  @Test
  void aCallPastItsDeadline_isCountedAsAbandoned() throws Exception {
    try (LoopbackRuntime runtime = LoopbackRuntime.start(dir, (d, o) -> new FakeModel().beforeEachRun(() -> {
      try {
        Thread.sleep(3000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }))) {
      runtime.awaitSettled();
      // Connected first (health is not observed), and a deadline long enough for grpc-java to hand the call to a
      // handler on a loaded host: a call whose deadline passes before that never reaches an interceptor.
      runtime.health().check(io.grpc.health.v1.HealthCheckRequest.getDefaultInstance());
      Exposition before = scrape();
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
          () -> runtime.tf().withDeadlineAfter(1500, TimeUnit.MILLISECONDS).predict(predict("", "x", 1, 4)));
      assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      Exposition after = scrape();
      while (after.value("modelrt_abandoned_calls_total", "reason", "deadline")
          == before.value("modelrt_abandoned_calls_total", "reason", "deadline") && System.nanoTime() < until) {
        Thread.sleep(20); // the server learns of the deadline on its own clock, a moment after the client
        after = scrape();
      }
      assertDelta(1, before, after, "modelrt_abandoned_calls_total", "reason", "deadline");
      assertDelta(0, before, after, "modelrt_abandoned_calls_total", "reason", "cancelled");
      assertDelta(1, before, after, ":tensorflow:serving:request_count", "model_name", "default",
          "status", "DEADLINE_EXCEEDED");
    }
  }

  /** Every metric deploy/grafana/modelrt.json queries is one the runtime exposes (with a sample after these calls). */
  private static void assertDashboardNamesExist(Exposition exposition) throws IOException {
    String dashboard = Files.readString(Path.of("..", "deploy", "grafana", "modelrt.json"));
    java.util.regex.Matcher names = java.util.regex.Pattern.compile("(:tensorflow:[a-z_:]+|modelrt_[a-z_]+|jvm_[a-z_]+"
        + "|process_[a-z_]+)[{\\[]").matcher(dashboard);
    int checked = 0;
    while (names.find()) {
      String name = names.group(1);
      assertTrue(exposition.has(name), "the dashboard queries " + name + ", which is not exposed");
      checked++;
    }
    assertTrue(checked > 20, "found " + checked + " metric names in the dashboard");
  }

  private static void assertDelta(double expected, Exposition before, Exposition after, String name,
      String... labels) {
    assertEquals(expected, after.value(name, labels) - before.value(name, labels),
        name + java.util.Arrays.toString(labels) + " in " + after.series());
  }
}
