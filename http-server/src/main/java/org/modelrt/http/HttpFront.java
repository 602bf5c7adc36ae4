package org.modelrt.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.modelrt.engine.CallerDeadline;
import org.modelrt.serving.PredictPipeline;
import org.modelrt.serving.observe.Observability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP/1.1 server of the REST front (TF Serving's REST API and the Prometheus page), on Netty: HTTPS when given a
 * TLS context, keep-alive, the body limit, the stalled-client timeout, and a pool of handler threads for the calls
 * (the engine blocks; the event loops never wait on it). It calls the {@link PredictPipeline} it is given, the same one the gRPC front calls, so
 * the in-flight limit and every rule are shared.
 *
 * <p>Thread-safe. It owns its threads and connections, not the pipeline or the models: {@link #drain} stops it.
 */
public final class HttpFront implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpFront.class);

  /**
   * How the server runs.
   *
   * @param port the port; 0 picks a free one
   * @param maxMessageBytes the largest request body (413 beyond it)
   * @param timeout {@code --rest_api_timeout_in_ms}: a call's deadline, and how long a connection may stall
   * @param maxInFlight the pipeline's in-flight limit; the handler pool is a little larger so the pipeline, not the
   *     pool, is what refuses (429)
   * @param tls the server's TLS context, so the port speaks HTTPS only (its client-auth setting decides mutual
   *     TLS); {@code null} for plaintext HTTP
   */
  public record Options(int port, int maxMessageBytes, Duration timeout, int maxInFlight, SslContext tls) {
    /** Plaintext HTTP. */
    public Options(int port, int maxMessageBytes, Duration timeout, int maxInFlight) {
      this(port, maxMessageBytes, timeout, maxInFlight, null);
    }
  }

  /**
   * The longest a TLS handshake may take: loopback and LAN handshakes take milliseconds, so a connection still
   * silent after this (or the stall timeout, when shorter) is closed without holding a socket for a whole call's
   * deadline.
   */
  static final Duration MAX_HANDSHAKE = Duration.ofSeconds(10);

  /**
   * A transport-neutral handler served under a path prefix, beside TF Serving's API: KServe v2's {@code V2Rest}
   * under {@code /v2}, for one. Called on a handler thread with the whole body; must be thread-safe.
   */
  @FunctionalInterface
  public interface Mount {
    /**
     * @param headers the request's headers, names case-insensitive
     * @param caller the call's deadline ({@code --rest_api_timeout_in_ms}) and its connection
     * @return the response; a thrown failure is answered as {@code {"error": ...}} through the core's classification
     */
    Reply handle(String method, String path, Map<String, String> headers, byte[] body, CallerDeadline caller);
  }

  /**
   * A mounted handler's response.
   *
   * @param headers extra response headers
   */
  public record Reply(int status, String contentType, Map<String, String> headers, byte[] body) {}

  private final EventLoopGroup loops;
  private final ForkJoinPool handlers;
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final InFlight inFlight = new InFlight();
  private final Channel listener;

  private HttpFront(Options options, PredictPipeline pipeline, Map<String, Mount> mounts, Observability observability)
      throws IOException {
    int cores = Runtime.getRuntime().availableProcessors();
    this.loops = new MultiThreadIoEventLoopGroup(Math.min(cores, 4), daemons("modelrt-http-io"),
        NioIoHandler.newFactory());
    this.handlers = handlerPool(options.maxInFlight() + 4);
    RestService service = new RestService(pipeline, new ExampleJson(pipeline));
    long timeoutMillis = options.timeout().toMillis();
    ServerBootstrap bootstrap = new ServerBootstrap().group(loops).channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            connections.add(ch);
            if (options.tls() != null) { // first: every handler after it sees only decrypted HTTP
              SslHandler tls = options.tls().newHandler(ch.alloc());
              tls.setHandshakeTimeoutMillis(Math.min(timeoutMillis, MAX_HANDSHAKE.toMillis()));
              ch.pipeline().addLast(tls);
            }
            ch.pipeline().addLast(
                new IdleStateHandler(timeoutMillis, 0, 0, TimeUnit.MILLISECONDS),
                new HttpServerCodec(),
                new StallGuard(timeoutMillis),
                new BodyLimit(options.maxMessageBytes()),
                new RestHandler(service, Map.copyOf(mounts), handlers, inFlight, options.timeout().toNanos(),
                    observability));
          }
        });
    try {
      this.listener = bootstrap.bind(options.port()).sync().channel();
    } catch (Exception e) { // sync() rethrows the bind failure as it is
      loops.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      handlers.shutdownNow();
      throw new IOException("cannot listen for HTTP on port " + options.port() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Listens on {@code options.port()} and answers REST calls through {@code pipeline}.
   *
   * @throws IOException when the port cannot be bound
   */
  public static HttpFront start(Options options, PredictPipeline pipeline) throws IOException {
    return new HttpFront(options, pipeline, Map.of(), null);
  }

  /**
   * As {@link #start(Options, PredictPipeline)}, also serving each mount under its path prefix (a path equal to the
   * prefix or below it, e.g. {@code "/v2"}).
   */
  public static HttpFront start(Options options, PredictPipeline pipeline, Map<String, Mount> mounts)
      throws IOException {
    return new HttpFront(options, pipeline, mounts, null);
  }

  /**
   * As {@link #start(Options, PredictPipeline, Map)}, recording every call (metrics, access log, spans, the
   * caller's {@code traceparent}) in {@code observability}, the one the gRPC front records in.
   */
  public static HttpFront start(Options options, PredictPipeline pipeline, Map<String, Mount> mounts,
      Observability observability) throws IOException {
    return new HttpFront(options, pipeline, mounts, observability);
  }

  /** The port listened on. */
  public int port() {
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  /**
   * Stops accepting connections, lets calls in flight finish within {@code grace}, then closes every connection and
   * stops the threads. Idempotent.
   */
  public void drain(Duration grace) throws InterruptedException {
    listener.close().await();
    if (!inFlight.awaitNone(grace)) {
      log.warn("HTTP calls still running after {} ms; closing their connections", grace.toMillis());
    }
    connections.close().await(grace.toMillis() + 100);
    loops.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS).await(1000);
    handlers.shutdownNow();
  }

  /** Stops at once: {@link #drain} with no grace (an interrupt is kept for the caller). */
  @Override
  public void close() {
    try {
      drain(Duration.ZERO);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The gRPC front's kind of pool (RuntimeServer#handlerPool): threads made on demand up to {@code threads}, the most
   * recently idle one taking the next call, so light load stays on warm threads instead of waking a cold one per call
   * as a ThreadPoolExecutor's FIFO hand-off does. The pipeline's in-flight limit, not this pool, refuses excess calls.
   */
  private static ForkJoinPool handlerPool(int threads) {
    AtomicInteger count = new AtomicInteger();
    return new ForkJoinPool(threads, pool -> {
      ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
      t.setName("modelrt-http-call-" + count.incrementAndGet());
      return t;
    }, null, true);
  }

  private static java.util.concurrent.ThreadFactory daemons(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
