package org.modelrt.bench.fault;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.modelrt.wire.tfserving.PredictRequest;
import org.modelrt.wire.tfserving.service.PredictionServiceGrpc;

/**
 * SIGTERM under load: {@code CALLERS} closed-loop callers send Predicts to the server for {@code WARMUP} seconds,
 * then this tool sends the server SIGTERM ({@code ProcessHandle.destroy}) and the callers go on until the process
 * has exited and one more second has passed (at most 60 s). Each call is classed by when it was sent: before the
 * signal (in flight, or sent while the signal was being delivered) or after it; {@code ROWS} makes each call longer
 * (an input of [ROWS, 4]), so more of them are mid-engine when the signal lands. Measures: codes per class, the
 * calls in flight at the signal, and the time from the signal to the process's exit (the calling script reads the
 * exit code). After a failed call a caller waits 10 ms, so a refused connection does not spin.
 */
public final class SigtermUnderLoad {
  private final PredictionServiceGrpc.PredictionServiceFutureStub stub;
  private final PredictRequest request;
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final CountDownLatch callersDone;
  private volatile long signalNanos = Long.MAX_VALUE;
  private volatile boolean stop;

  private SigtermUnderLoad(ManagedChannel channel, int callers, int rows) {
    this.request = Requests.linear("model", rows);
    this.stub = PredictionServiceGrpc.newFutureStub(channel);
    this.callersDone = new CountDownLatch(callers);
  }

  /** Arguments: host:port callers warmupSeconds serverPid [rows of the [rows, 4] input; default 1]. */
  public static void main(String[] args) throws Exception {
    String target = args[0];
    int callers = Integer.parseInt(args[1]);
    double warmup = Double.parseDouble(args[2]);
    long pid = Long.parseLong(args[3]);
    int rows = args.length > 4 ? Integer.parseInt(args[4]) : 1;
    ProcessHandle server = ProcessHandle.of(pid).orElseThrow(() -> new IllegalArgumentException("no process " + pid));
    ManagedChannel channel = Grpc.newChannelBuilder(target, InsecureChannelCredentials.create()).build();
    SigtermUnderLoad run = new SigtermUnderLoad(channel, callers, rows);
    for (int i = 0; i < callers; i++) {
      run.next();
    }
    Thread.sleep((long) (warmup * 1000));
    int inFlightAtSignal = run.inFlight.get();
    run.signalNanos = System.nanoTime();
    server.destroy(); // SIGTERM
    boolean exited;
    try {
      server.onExit().get(60, TimeUnit.SECONDS);
      exited = true;
    } catch (java.util.concurrent.TimeoutException e) {
      exited = false;
    }
    double exitMs = (System.nanoTime() - run.signalNanos) / 1e6;
    Thread.sleep(1000);
    run.stop = true;
    run.callersDone.await(30, TimeUnit.SECONDS);
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    System.out.printf("in flight at the signal: %d calls%n", inFlightAtSignal);
    System.out.printf("process %s %.0f ms after SIGTERM%n", exited ? "exited" : "still running", exitMs);
    Map<String, Long> sorted = new java.util.TreeMap<>();
    run.counts.forEach((k, v) -> sorted.put(k, v.sum()));
    sorted.forEach((k, v) -> System.out.printf("%s: %d%n", k, v));
    long failedBefore = sorted.entrySet().stream()
        .filter(e -> e.getKey().startsWith("sent before the signal") && !e.getKey().endsWith(" OK"))
        .mapToLong(Map.Entry::getValue).sum();
    long wrongAfter = sorted.entrySet().stream()
        .filter(e -> e.getKey().startsWith("sent after the signal") && !e.getKey().endsWith(" OK")
            && !e.getKey().endsWith(" UNAVAILABLE"))
        .mapToLong(Map.Entry::getValue).sum();
    System.exit(exited && failedBefore == 0 && wrongAfter == 0 ? 0 : 1);
  }

  private void next() {
    if (stop) {
      callersDone.countDown();
      return;
    }
    long sent = System.nanoTime();
    inFlight.incrementAndGet();
    ListenableFuture<?> f = stub.withDeadlineAfter(30, TimeUnit.SECONDS).predict(request);
    f.addListener(() -> {
      inFlight.decrementAndGet();
      Status.Code code = codeOf(f);
      String phase = sent < signalNanos ? "sent before the signal" : "sent after the signal";
      counts.computeIfAbsent(phase + " " + code, k -> new LongAdder()).increment();
      if (code != Status.Code.OK) {
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      next();
    }, Runnable::run);
  }

  private static Status.Code codeOf(ListenableFuture<?> f) {
    try {
      f.get();
      return Status.Code.OK;
    } catch (ExecutionException e) {
      return Status.fromThrowable(e.getCause()).getCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Status.Code.CANCELLED;
    }
  }
}
