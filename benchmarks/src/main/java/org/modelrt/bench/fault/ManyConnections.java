package org.modelrt.bench.fault;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.ConnectivityState;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.modelrt.wire.tfserving.PredictRequest;
import org.modelrt.wire.tfserving.service.PredictionServiceGrpc;

/**
 * Many concurrent connections: {@code CONNECTIONS} ManagedChannels, each its own TCP connection and HTTP/2 session,
 * all connected and held open at once; then each makes one Predict, at most {@code OUTSTANDING} at a time (0: all at
 * once, which also exercises the server's --max-in-flight refusal). Measures: how many channels reached READY, the
 * calls by status code, and the server's open descriptors and RSS before connecting, with every connection open,
 * and after they are closed. Exit 0 when every channel connected and every call was OK.
 */
public final class ManyConnections {
  private ManyConnections() {}

  /** Arguments: host:port connections outstanding serverPid. */
  public static void main(String[] args) throws Exception {
    String target = args[0];
    int connections = Integer.parseInt(args[1]);
    int outstanding = Integer.parseInt(args[2]);
    long pid = Long.parseLong(args[3]);
    System.out.printf("before: server fds %d, RSS %d MiB%n", Requests.fds(pid), Requests.rssMiB(pid));
    PredictRequest request = Requests.linear("model");
    List<ManagedChannel> channels = new ArrayList<>();
    try {
      for (int i = 0; i < connections; i++) {
        ManagedChannel c = Grpc.newChannelBuilder(target, InsecureChannelCredentials.create()).build();
        c.getState(true); // connect now: every connection is open before the first call
        channels.add(c);
      }
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      int ready = 0;
      while (System.nanoTime() < until) {
        ready = (int) channels.stream().filter(c -> c.getState(false) == ConnectivityState.READY).count();
        if (ready == connections) {
          break;
        }
        Thread.sleep(200);
      }
      System.out.printf("connected: %d of %d channels READY; server fds %d, RSS %d MiB%n", ready, connections,
          Requests.fds(pid), Requests.rssMiB(pid));
      Map<Status.Code, Integer> codes = new EnumMap<>(Status.Code.class);
      Semaphore slots = new Semaphore(outstanding > 0 ? outstanding : connections);
      List<ListenableFuture<?>> calls = new ArrayList<>();
      for (ManagedChannel c : channels) {
        slots.acquire();
        ListenableFuture<?> f = PredictionServiceGrpc.newFutureStub(c).withDeadlineAfter(60, TimeUnit.SECONDS)
            .predict(request);
        f.addListener(slots::release, Runnable::run);
        calls.add(f);
      }
      for (ListenableFuture<?> f : calls) {
        Status.Code code;
        try {
          f.get(90, TimeUnit.SECONDS);
          code = Status.Code.OK;
        } catch (ExecutionException e) {
          code = Status.fromThrowable(e.getCause()).getCode();
        } catch (java.util.concurrent.TimeoutException e) {
          code = Status.Code.DEADLINE_EXCEEDED;
        }
        codes.merge(code, 1, Integer::sum);
      }
      long stillReady = channels.stream().filter(c -> c.getState(false) == ConnectivityState.READY).count();
      System.out.printf("calls: %s; %d channels still READY; server fds %d, RSS %d MiB%n", codes, stillReady,
          Requests.fds(pid), Requests.rssMiB(pid));
      boolean ok = ready == connections && codes.getOrDefault(Status.Code.OK, 0) == connections;
      closeAll(channels);
      Thread.sleep(3000); // the server closes its side once it reads the FINs
      System.out.printf("closed: server fds %d, RSS %d MiB%n", Requests.fds(pid), Requests.rssMiB(pid));
      System.exit(ok ? 0 : 1);
    } finally {
      closeAll(channels);
    }
  }

  private static void closeAll(List<ManagedChannel> channels) throws InterruptedException {
    for (ManagedChannel c : channels) {
      c.shutdownNow();
    }
    for (ManagedChannel c : channels) {
      c.awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
