package org.modelrt.bench.echo;

import io.grpc.Server;
import io.grpc.ServerBuilder;
import java.io.IOException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The baseline every end-to-end number is divided by: a bare grpc-java server whose G2 and G3 Predict return the
 * request's inputs as outputs. Built like modelrt's {@code RuntimeServer}: the same {@link ServerBuilder} (Netty or
 * in-process), the same handler pool (a {@link ForkJoinPool} in async mode sized like the runtime's default, 128
 * predict slots plus 4: threads made only when none is idle, the most recently idle one taking the next call), and
 * the same 512 MiB inbound message limit.
 *
 * <p>Thread-safe. The caller closes it, which stops it and its executor.
 */
public final class EchoServer implements AutoCloseable {
  /** The runtime's default {@code --max-in-flight} (128) plus its 4 control threads. */
  public static final int DEFAULT_THREADS = 132;
  private static final int MAX_MESSAGE_BYTES = 512 << 20;

  private final Server server;
  private final ForkJoinPool executor;

  /** Builds (does not start) the echo server on {@code builder}. */
  public EchoServer(ServerBuilder<?> builder, int threads) {
    this.executor = handlerPool(threads);
    this.server = builder
        .executor(executor)
        .maxInboundMessageSize(MAX_MESSAGE_BYTES)
        .addService(EchoServices.tfServing())
        .addService(EchoServices.hydrosphere())
        .build();
  }

  /** Starts listening. */
  public EchoServer start() throws IOException {
    server.start();
    return this;
  }

  /** The bound port; -1 in-process. */
  public int port() {
    return server.getPort();
  }

  /** Blocks until the server terminates (a standalone process runs until killed). */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      executor.shutdownNow();
    }
  }

  private static ForkJoinPool handlerPool(int threads) {
    AtomicInteger count = new AtomicInteger();
    ForkJoinPool.ForkJoinWorkerThreadFactory factory = pool -> {
      ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
      t.setName("echo-rpc-" + count.incrementAndGet());
      return t;
    };
    return new ForkJoinPool(threads, factory, null, true);
  }
}
