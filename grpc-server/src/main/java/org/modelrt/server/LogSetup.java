package org.modelrt.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The runtime's logging, set once at start from {@code --log-level} and {@code --log-format}: one line per event on
 * stderr, as text ({@code time [thread] LEVEL Logger - message}, with {@code trace_id=} when a call's trace id is in
 * the MDC) or as one JSON object per line for log pipelines (logback's JsonEncoder: timestamp, level, thread, logger,
 * MDC with the trace id, formatted message, throwable). Replaces whatever logback.xml configured; records of
 * java.util.logging (grpc-java, the OpenTelemetry SDK) come through the same appender.
 *
 * <p>It also quiets what an operator cannot act on ({@link #QUIET}): DJL's CUDA probe warns twice on every machine
 * without a GPU ("CUDA driver version is insufficient") although the CPU is then used as intended. Not thread-safe:
 * call it once, before serving.
 */
final class LogSetup {
  static final String TEXT_PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} [%thread] %level %logger{0} - %msg%replace( trace_id=%X{trace_id}){' trace_id=$', ''}%n";
  /**
   * Loggers whose lines on a clean start say nothing an operator can act on, with the level they keep; shown in full
   * from debug on. CudaUtils warns twice when probing a machine without a GPU (or with CUDA libraries and no
   * usable driver); OrtEngine then warns that its CUDA provider is missing, which the CPU build never has; PtEngine
   * notes its graph optimizer and thread counts at INFO (the thread counts are modelrt's flags); Platform names
   * the native jar it matched at INFO.
   */
  static final Map<String, Level> QUIET = Map.of("ai.djl.util.cuda.CudaUtils", Level.ERROR,
      "ai.djl.onnxruntime.engine.OrtEngine", Level.ERROR, "ai.djl.pytorch.engine.PtEngine", Level.WARN,
      "ai.djl.util.Platform", Level.WARN);

  private LogSetup() {}

  /** Configures logback: {@code level} as the flag gives it (trace...off), {@code format} text or json. */
  static void configure(String level, String format) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return; // another binding on the class path (an embedding application's): leave it alone
    }
    context.reset();
    // java.util.logging (grpc-java, the OpenTelemetry SDK) into the same lines; the propagator keeps JUL's levels
    // equal to logback's, so disabled JUL records are not even built.
    LevelChangePropagator propagator = new LevelChangePropagator();
    propagator.setContext(context);
    propagator.setResetJUL(true);
    context.addListener(propagator);
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("console");
    console.setTarget("System.err");
    console.setEncoder(encoder(context, format));
    console.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    Level rootLevel = Level.toLevel(level, Level.INFO);
    root.setLevel(rootLevel);
    root.addAppender(console);
    if (rootLevel.isGreaterOrEqual(Level.INFO)) {
      QUIET.forEach((name, quiet) -> context.getLogger(name).setLevel(quiet));
    }
  }

  private static Encoder<ILoggingEvent> encoder(LoggerContext context, String format) {
    if (format.equals("json")) {
      JsonEncoder json = new JsonEncoder();
      json.setContext(context);
      json.setWithSequenceNumber(false);
      json.setWithNanoseconds(false);
      json.setWithContext(false);
      json.setWithArguments(false);
      json.setWithMessage(false);
      json.setWithFormattedMessage(true);
      json.setWithKVPList(false);
      json.setWithMarkers(false);
      json.start();
      return json;
    }
    PatternLayoutEncoder text = new PatternLayoutEncoder();
    text.setContext(context);
    text.setPattern(TEXT_PATTERN);
    text.start();
    return text;
  }
}
