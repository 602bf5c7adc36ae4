package org.modelrt.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The text format's lines: the call's trace id appended when the MDC has one, nothing when it has not. */
final class LogSetupTest {
  private static String line(Map<String, String> mdc) {
    LoggerContext context = new LoggerContext();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(LogSetup.TEXT_PATTERN);
    encoder.start();
    LoggingEvent event = new LoggingEvent("x", context.getLogger("org.modelrt.serving.ServingFailures"), Level.ERROR,
        "G2 Predict failed", null, null);
    event.setThreadName("modelrt-rpc-1");
    event.setMDCPropertyMap(mdc);
    return new String(encoder.encode(event), StandardCharsets.UTF_8);
  }

  @Test
  void theTraceIdEndsTheLineWhenTheCallHasOne() {
    String traced = line(Map.of("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736"));
    assertTrue(traced.matches("\\S+ \\[modelrt-rpc-1] ERROR ServingFailures - G2 Predict failed"
        + " trace_id=4bf92f3577b34da6a3ce929d0e0e4736\\R"), traced);
    String plain = line(Map.of());
    assertTrue(plain.matches("\\S+ \\[modelrt-rpc-1] ERROR ServingFailures - G2 Predict failed\\R"), plain);
  }
}
