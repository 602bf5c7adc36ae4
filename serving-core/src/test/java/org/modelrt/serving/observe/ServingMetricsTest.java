package org.modelrt.serving.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.modelrt.serving.VersionState;

/** The names, types and labels as the text format writes them, on a registry of the test's own. */
final class ServingMetricsTest {
  private static final Endpoint PREDICT = Endpoint.grpc("tensorflow.serving.PredictionService/Predict");
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final ServingMetrics metrics = new ServingMetrics(registry);
  private final Observability observability = new Observability(metrics, null, Tracing.OFF);

  private List<String> lines() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return List.of(out.toString(StandardCharsets.UTF_8).split("\n"));
  }

  private void call(String status, boolean reached) {
    CallRecord r = observability.begin(PREDICT, "", null);
    r.entered("asked-for");
    if (reached) {
      r.acquired("m", 2, "OnnxRuntime");
      r.signature("serving_default");
      r.decoded();
      r.ran();
      r.encoded();
    }
    observability.end(r, status);
    observability.end(r, "INTERNAL"); // a second end is ignored
  }

  @Test
  void tfServingsNamesAreExactAndCountedPerStatus() throws Exception {
    call("OK", true);
    call("OK", true);
    call("INVALID_ARGUMENT", true);
    call("NOT_FOUND", false);
    List<String> lines = lines();
    assertTrue(lines.contains("# TYPE :tensorflow:serving:request_count untyped"), String.join("\n", lines));
    assertTrue(lines.contains(":tensorflow:serving:request_count{model_name=\"m\",status=\"OK\"} 2.0"));
    assertTrue(lines.contains(":tensorflow:serving:request_count{model_name=\"m\",status=\"INVALID_ARGUMENT\"} 1.0"));
    // The name a caller asked for is not a label when no version was reached.
    assertTrue(lines.contains(":tensorflow:serving:request_count{model_name=\"\",status=\"NOT_FOUND\"} 1.0"));
    assertFalse(String.join("\n", lines).contains("asked-for"));
    assertTrue(lines.contains("# TYPE :tensorflow:serving:request_latency histogram"));
    assertTrue(lines.contains(":tensorflow:serving:request_latency_count{API=\"Predict\",entrypoint=\"GRPC\","
        + "model_name=\"m\"} 2"), "only successful calls");
    assertTrue(lines.contains(":tensorflow:serving:runtime_latency_count{API=\"Predict\",model_name=\"m\","
        + "runtime=\"OnnxRuntime\"} 3"));
    assertTrue(lines.contains("modelrt_request_seconds_count{method=\"tensorflow.serving.PredictionService/Predict\","
        + "model=\"m\",protocol=\"grpc\",signature=\"serving_default\",status=\"OK\",version=\"2\"} 2"));
    assertTrue(lines.contains("modelrt_phase_seconds_count{model=\"m\",phase=\"engine\"} 3"));
    assertTrue(lines.contains("modelrt_in_flight 0.0"));
    assertTrue(lines.contains("modelrt_request_seconds_bucket{method=\"tensorflow.serving.PredictionService/Predict\","
        + "model=\"m\",protocol=\"grpc\",signature=\"serving_default\",status=\"OK\",version=\"2\",le=\"5.0E-5\"} 2")
        || lines.stream().anyMatch(l -> l.startsWith("modelrt_request_seconds_bucket{") && l.contains("le=\"5.0E-5\"")),
        "the first bucket is 50 us");
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("modelrt_request_seconds_bucket{") && l.contains("le=\"60.0\"")),
        "the last bucket is 60 s");
  }

  @Test
  void abandonedCallsAreCountedByReason() throws Exception {
    call("DEADLINE_EXCEEDED", true);
    call("CANCELLED", false);
    call("CANCELLED", false);
    List<String> lines = lines();
    assertTrue(lines.contains("modelrt_abandoned_calls_total{reason=\"deadline\"} 1.0"), String.join("\n", lines));
    assertTrue(lines.contains("modelrt_abandoned_calls_total{reason=\"cancelled\"} 2.0"));
  }

  @Test
  void versionStatesAndLoads() throws Exception {
    metrics.versionState("m", 1, VersionState.LOADING);
    metrics.versionState("m", 2, VersionState.AVAILABLE);
    metrics.loaded("m", Path.of("/models/m/2"), 1_500_000_000L, true);
    metrics.loaded("m", Path.of("/models/m/3"), 1_000_000L, false);
    List<String> lines = lines();
    assertTrue(lines.contains("modelrt_model_version_state{model=\"m\",version=\"1\"} 20.0"), String.join("\n", lines));
    assertTrue(lines.contains("modelrt_model_version_state{model=\"m\",version=\"2\"} 30.0"));
    assertTrue(lines.contains(":tensorflow:cc:saved_model:load_latency{model_path=\"/models/m/2\"} 1500000.0"));
    assertTrue(lines.contains(":tensorflow:cc:saved_model:load_attempt_count{model_path=\"/models/m/3\",status=\"fail\"} 1.0"));
    assertTrue(lines.contains("modelrt_model_load_seconds_count{model=\"m\",status=\"success\"} 1"));
    metrics.versionRemoved("m", 1);
    assertFalse(String.join("\n", lines()).contains("version=\"1\""));
  }
}
