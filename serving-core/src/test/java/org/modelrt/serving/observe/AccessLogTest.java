package org.modelrt.serving.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.io.Writer;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

final class AccessLogTest {
  private static final Endpoint PREDICT = Endpoint.grpc("tensorflow.serving.PredictionService/Predict");

  private static CallRecord ended(String model, String status) {
    CallRecord r = new CallRecord(PREDICT, System.nanoTime() - 1_234_567, 1_700_000_000_123L, "127.0.0.1:5000",
        "4bf92f3577b34da6a3ce929d0e0e4736", null);
    r.entered(model);
    r.addRequestBytes(10);
    r.addResponseBytes(20);
    r.end(status, r.startNanos + 1_234_567);
    return r;
  }

  @Test
  void eachLineIsOneJsonObjectWithEveryField_andHostileTextIsEscaped() {
    StringWriter out = new StringWriter();
    String hostile = "m\"\\\n\t\u0001\u2028é";
    try (AccessLog log = new AccessLog(out, false, 16, () -> {})) {
      log.offer(ended(hostile, "NOT_FOUND"));
    }
    String[] lines = out.toString().split("\n", -1);
    assertEquals(2, lines.length, out.toString()); // one line, then the final newline
    assertTrue(!lines[0].contains("\u2028"), "raw line separator in " + lines[0]);
    JsonObject o = JsonParser.parseString(lines[0]).getAsJsonObject();
    assertEquals(Instant.ofEpochMilli(1_700_000_000_123L).toString(), o.get("ts").getAsString());
    assertEquals("grpc", o.get("protocol").getAsString());
    assertEquals("tensorflow.serving.PredictionService/Predict", o.get("method").getAsString());
    assertEquals(hostile, o.get("model").getAsString());
    assertTrue(o.get("version").isJsonNull());
    assertEquals("", o.get("signature").getAsString());
    assertEquals("NOT_FOUND", o.get("status").getAsString());
    assertEquals(1.234, o.get("duration_ms").getAsDouble(), 1e-9);
    assertEquals(10, o.get("request_bytes").getAsLong());
    assertEquals(20, o.get("response_bytes").getAsLong());
    assertEquals("127.0.0.1:5000", o.get("peer").getAsString());
    assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", o.get("trace_id").getAsString());
  }

  @Test
  void aFullQueueDropsAndCounts_neverBlocks() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Writer stuck = new StringWriter() {
      @Override
      public void write(String s) {
        try {
          release.await(30, TimeUnit.SECONDS); // a disk that hangs
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        super.write(s);
      }
    };
    AtomicInteger dropped = new AtomicInteger();
    AccessLog log = new AccessLog(stuck, false, 4, dropped::incrementAndGet);
    for (int i = 0; i < 100; i++) {
      log.offer(ended("m", "OK")); // returns at once although the writer is stuck
    }
    // The writer holds one line, the queue four: the other 95 are dropped (or 96 if the writer had not taken one).
    assertTrue(dropped.get() == 95 || dropped.get() == 96, "dropped " + dropped.get());
    release.countDown();
    log.close();
  }

  @Test
  void dropsAreExposedAsACounter() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    ServingMetrics metrics = new ServingMetrics(registry);
    metrics.accessLogDropped();
    metrics.accessLogDropped();
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(text, registry.scrape());
    assertTrue(text.toString(StandardCharsets.UTF_8).contains("\nmodelrt_access_log_dropped_total 2.0\n"),
        text.toString(StandardCharsets.UTF_8));
  }
}
