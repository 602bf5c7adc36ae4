package org.modelrt.bench.load;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.Status;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * One closed-loop level: {@code concurrency} callers, each sending its next call as soon as the previous one
 * completes, first for a warmup whose calls are not counted, then until the measured window ends (a duration, or a
 * number of calls). Callers are callback chains, not threads, so 64 outstanding calls cost no 64 client threads.
 *
 * <p>One instance runs one level, once, from one thread.
 */
final class ClosedLoop {
  private enum Phase { WARMUP, MEASURE, STOP }

  /** When the measured window ends: after {@code duration}, or once {@code calls} calls were sent (when > 0). */
  record Window(Duration duration, long calls) {}

  private final PredictTarget target;
  private final int concurrency;
  private final Recorder latencies = new Recorder(3);
  private final Map<Status.Code, LongAdder> statuses = new ConcurrentHashMap<>();
  private final AtomicLong measuredSent = new AtomicLong();
  private final CountDownLatch finished;
  private volatile Phase phase = Phase.WARMUP;
  private volatile long window;

  ClosedLoop(PredictTarget target, int concurrency) {
    this.target = target;
    this.concurrency = concurrency;
    this.finished = new CountDownLatch(concurrency);
  }

  /**
   * Runs the level.
   *
   * @param afterWarmup runs between warmup and the measured window (e.g. reading the server's RSS)
   */
  LevelResult run(Duration warmup, Window measured, Runnable afterWarmup) throws InterruptedException {
    return run(warmup, measured, afterWarmup, -1);
  }

  /** As {@link #run(Duration, Window, Runnable)}, also reading the server's CPU time over the window. */
  LevelResult run(Duration warmup, Window measured, Runnable afterWarmup, long serverPid)
      throws InterruptedException {
    window = measured.calls();
    // Each caller starts on its own thread: with a transport that completes calls at once, a caller keeps the
    // thread that started it, and the phase switches below must still happen.
    ExecutorService starters = Executors.newCachedThreadPool();
    for (int i = 0; i < concurrency; i++) {
      starters.execute(this::next);
    }
    starters.shutdown();
    Thread.sleep(warmup.toMillis());
    afterWarmup.run();
    long cpuBefore = serverPid < 0 ? -1 : ProcessCpu.cpuNanos(serverPid).orElse(-1);
    latencies.reset();
    long start = System.nanoTime();
    phase = Phase.MEASURE;
    if (measured.calls() <= 0) {
      Thread.sleep(measured.duration().toMillis());
      phase = Phase.STOP;
    }
    finished.await();
    double seconds = (System.nanoTime() - start) / 1e9;
    long cpuAfter = serverPid < 0 ? -1 : ProcessCpu.cpuNanos(serverPid).orElse(-1);
    long serverCpu = cpuBefore < 0 || cpuAfter < 0 ? -1 : cpuAfter - cpuBefore;
    Map<Status.Code, Long> counts = new EnumMap<>(Status.Code.class);
    statuses.forEach((code, n) -> counts.put(code, n.sum()));
    return LevelResult.of(concurrency, seconds, latencies.getIntervalHistogram(), counts, serverCpu);
  }

  /** Sends calls until one is still in flight; a call that completed at once (an in-process server, a refused
   * connection) is handled in this loop rather than by recursion, which would overflow the stack. */
  private void next() {
    while (true) {
      Phase sentIn = phase;
      if (sentIn == Phase.STOP || (sentIn == Phase.MEASURE && window > 0 && !reserveMeasuredCall())) {
        finished.countDown();
        return;
      }
      long start = System.nanoTime();
      ListenableFuture<?> call = target.call();
      if (!call.isDone()) {
        call.addListener(() -> {
          record(call, sentIn, start);
          next();
        }, MoreExecutors.directExecutor());
        return;
      }
      record(call, sentIn, start);
    }
  }

  private boolean reserveMeasuredCall() {
    if (measuredSent.incrementAndGet() <= window) {
      return true;
    }
    phase = Phase.STOP;
    return false;
  }

  private void record(ListenableFuture<?> call, Phase sentIn, long start) {
    long nanos = System.nanoTime() - start;
    if (sentIn == Phase.MEASURE) {
      latencies.recordValue(nanos);
      statuses.computeIfAbsent(statusOf(call), c -> new LongAdder()).increment();
    }
  }

  private static Status.Code statusOf(ListenableFuture<?> call) {
    try {
      call.get();
      return Status.Code.OK;
    } catch (ExecutionException e) {
      return Status.fromThrowable(e.getCause()).getCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Status.Code.CANCELLED;
    }
  }
}
