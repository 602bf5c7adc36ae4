package org.modelrt.serving.observe;

import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access log: one JSON object per call, one per line ({@code ts, protocol, method, model, version, signature,
 * status, duration_ms, request_bytes, response_bytes, peer, trace_id}), written off the call path. A call only offers
 * its record to a bounded queue; one writer thread formats and writes. When the queue is full the line is dropped and
 * counted ({@code modelrt_access_log_dropped_total}): a slow disk never slows or blocks a call.
 *
 * <p>Thread-safe. It owns its output and its thread: {@link #close} writes what is queued, then closes the output
 * (stdout stays open).
 */
public final class AccessLog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AccessLog.class);
  static final int CAPACITY = 8192;
  private static final CallRecord STOP = CallRecord.detached();

  private final BlockingQueue<CallRecord> queue;
  private final Writer out;
  private final boolean closeOut;
  private final Runnable onDrop;
  private final Thread writer;
  private final JsonLine line = new JsonLine();

  AccessLog(Writer out, boolean closeOut, int capacity, Runnable onDrop) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.out = out;
    this.closeOut = closeOut;
    this.onDrop = onDrop;
    this.writer = new Thread(this::drain, "modelrt-access-log");
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Opens the log at {@code path} (appending; {@code -} is standard output), counting drops in {@code metrics}.
   *
   * @throws IOException when the file cannot be opened for writing
   */
  public static AccessLog open(String path, ServingMetrics metrics) throws IOException {
    if (path.equals("-")) {
      return new AccessLog(new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)), false,
          CAPACITY, metrics::accessLogDropped);
    }
    Writer file = new BufferedWriter(new OutputStreamWriter(
        new FileOutputStream(Path.of(path).toFile(), true), StandardCharsets.UTF_8), 1 << 16);
    return new AccessLog(file, true, CAPACITY, metrics::accessLogDropped);
  }

  /** The log on {@code out}, which it closes with itself (benchmarks give a discarding writer). */
  public static AccessLog open(Writer out, ServingMetrics metrics) {
    return new AccessLog(out, true, CAPACITY, metrics::accessLogDropped);
  }

  /** Queues the line of an ended call, or drops and counts it when the queue is full. Never blocks. */
  void offer(CallRecord call) {
    if (!queue.offer(call)) {
      onDrop.run();
    }
  }

  private void drain() {
    try {
      while (true) {
        CallRecord call = queue.poll();
        if (call == null) {
          out.flush(); // only when idle: a burst is written in large blocks
          call = queue.take();
        }
        if (call == STOP) {
          out.flush();
          return;
        }
        out.write(format(call));
      }
    } catch (IOException e) {
      log.warn("The access log stopped: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  String format(CallRecord c) {
    JsonLine l = line.begin()
        .field("ts", Instant.ofEpochMilli(c.startEpochMillis).toString())
        .field("protocol", c.endpoint.protocol())
        .field("method", c.endpoint.method())
        .field("model", c.model);
    if (c.version < 0) {
      l.field("version", (String) null);
    } else {
      l.field("version", c.version);
    }
    return l.field("signature", c.signature)
        .field("status", c.status)
        .millis("duration_ms", c.durationNanos)
        .field("request_bytes", c.requestBytes)
        .field("response_bytes", c.responseBytes)
        .field("peer", c.peer)
        .field("trace_id", c.traceId)
        .end();
  }

  /** Writes the lines queued so far (waiting up to 5 s for them), then closes the output. */
  @Override
  public void close() {
    try {
      if (queue.offer(STOP, 5, TimeUnit.SECONDS)) {
        writer.join(5000);
      }
      if (closeOut) {
        out.close();
      } else {
        out.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      log.warn("Closing the access log failed: {}", e.toString());
    }
  }
}
