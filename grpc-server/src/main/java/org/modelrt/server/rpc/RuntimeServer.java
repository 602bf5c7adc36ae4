package org.modelrt.server.rpc;

import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.modelrt.serving.ModelRegistry;
import org.modelrt.serving.PredictPipeline;
import org.modelrt.serving.ServingState;
import org.modelrt.serving.codec.ResponseEncoding;
import org.modelrt.serving.observe.Observability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's gRPC server: G1/G2 Predict, Status and GetModelMetadata, G3 Predict, health (Check and Watch) and
 * reflection, on one port: thin adapters over the core's {@link PredictPipeline} and {@link ModelRegistry}, with
 * health mirroring its {@link ServingState}. Wiring only.
 *
 * <p>It takes any {@link ServerBuilder}, so tests run it in-process as well as over Netty. Calls run on a bounded
 * handler pool of up to the in-flight limit plus a few threads for Status and health, so those still answer when the
 * predict slots are full. Thread-safe. It never closes the model: after {@link #drain} the state's owner does.
 */
public final class RuntimeServer {
  private static final Logger log = LoggerFactory.getLogger(RuntimeServer.class);
  /** Threads beyond the predict slots, so that Status, health and refusals are answered under full load. */
  private static final int CONTROL_THREADS = 4;
  /** How long handler threads may take to finish after the grace period, before the model is closed under them. */
  private static final Duration AFTER_CANCEL = Duration.ofSeconds(5);

  /**
   * Per-server limits.
   *
   * @param maxMessageBytes the largest request message accepted (RESOURCE_EXHAUSTED beyond)
   * @param maxInFlight predicts in flight at once (RESOURCE_EXHAUSTED beyond)
   * @param maxElements the largest element count of one input tensor
   * @param responseEncoding where responses put numeric values
   * @param maxMetadataBytes the largest request metadata (headers) accepted, HTTP/2's header list size
   */
  public record Limits(int maxMessageBytes, int maxInFlight, long maxElements, ResponseEncoding responseEncoding,
      int maxMetadataBytes) {
    /** The default metadata limit: 64 KiB, room for what proxies and tracing add (grpc-java's own is 8 KiB). */
    public static final int DEFAULT_MAX_METADATA_BYTES = 64 << 10;

    /** Limits with the {@link #DEFAULT_MAX_METADATA_BYTES default metadata limit}. */
    public Limits(int maxMessageBytes, int maxInFlight, long maxElements, ResponseEncoding responseEncoding) {
      this(maxMessageBytes, maxInFlight, maxElements, responseEncoding, DEFAULT_MAX_METADATA_BYTES);
    }

    /** The core's predict path for {@code registry} with these limits (one per runtime, shared by every front). */
    public PredictPipeline pipeline(ModelRegistry registry) {
      return new PredictPipeline(registry, maxInFlight, maxElements, responseEncoding);
    }
  }

  private final Server server;
  private final ForkJoinPool executor;

  /** Builds (does not start) the server on {@code builder}, which must not have services yet. */
  public RuntimeServer(ServerBuilder<?> builder, PredictPipeline pipeline, Limits limits) {
    this(builder, pipeline, limits, ModelService.NO_RELOAD);
  }

  /**
   * @param reload how {@code HandleReloadConfigRequest} swaps the configuration ({@link ModelService#NO_RELOAD} when
   *     the runtime was not started with a model config)
   */
  public RuntimeServer(ServerBuilder<?> builder, PredictPipeline pipeline, Limits limits, ModelService.Reload reload) {
    this(builder, pipeline, limits, reload, Observability.metricsOnly());
  }

  /**
   * @param observability where each model call's metrics, access-log line and span go (the owner closes it)
   */
  public RuntimeServer(ServerBuilder<?> builder, PredictPipeline pipeline, Limits limits, ModelService.Reload reload,
      Observability observability) {
    this.executor = handlerPool(limits.maxInFlight() + CONTROL_THREADS);
    HealthStatusManager health = new HealthStatusManager();
    HealthWatches watches = new HealthWatches();
    pipeline.registry().state().addListener(new HealthMirror(health, watches));
    int max = limits.maxMessageBytes();
    this.server = builder
        .executor(executor)
        .maxInboundMessageSize(limits.maxMessageBytes())
        .maxInboundMetadataSize(limits.maxMetadataBytes())
        .intercept(new ObservingInterceptor(observability))
        .intercept(new BoundedStatusDetails())
        .addService(InvalidArgumentOnParseError.wrap(new TfServingService(pipeline).bindService(), max))
        .addService(InvalidArgumentOnParseError.wrap(new ModelService(pipeline.registry(), reload).bindService(), max))
        .addService(InvalidArgumentOnParseError.wrap(new HydrosphereService(pipeline).bindService(), max))
        .addService(InvalidArgumentOnParseError.wrap(new KServeV2Service(pipeline).bindService(), max))
        .addService(InvalidArgumentOnParseError.wrap(
            ServerInterceptors.intercept(health.getHealthService(), watches), max))
        .addService(ProtoReflectionServiceV1.newInstance())
        .addService(legacyReflection())
        .build();
  }

  /** Starts listening. */
  public RuntimeServer start() throws IOException {
    server.start();
    return this;
  }

  /** The port it listens on (the bound one when asked for port 0); -1 for an in-process server. */
  public int port() {
    return server.getPort();
  }

  /**
   * Stops accepting calls, lets the calls in flight finish for up to {@code grace}, then cancels the rest and waits
   * briefly for their handlers to return, so the model can be closed afterwards.
   *
   * @return whether every call finished within {@code grace}
   */
  public boolean drain(Duration grace) throws InterruptedException {
    server.shutdown();
    log.info("Stopped accepting calls; waiting up to {} ms for calls in flight", grace.toMillis());
    boolean drained = server.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
    if (drained) {
      log.info("Every call in flight has finished");
    } else {
      log.warn("Calls still running after {} ms; cancelling them", grace.toMillis());
      server.shutdownNow();
      server.awaitTermination(AFTER_CANCEL.toMillis(), TimeUnit.MILLISECONDS);
    }
    executor.shutdown();
    if (!executor.awaitTermination(AFTER_CANCEL.toMillis(), TimeUnit.MILLISECONDS)) {
      log.warn("{} handler threads are still running", executor.getActiveThreadCount());
    }
    return drained;
  }

  /** The pre-v1 reflection service, which grpcurl before 1.8.8 and grpc_cli still ask for. */
  @SuppressWarnings("deprecation")
  private static io.grpc.BindableService legacyReflection() {
    return io.grpc.protobuf.services.ProtoReflectionService.newInstance();
  }

  /**
   * Handler threads: at most {@code threads} at once, made only when no idle one is left, and the most recently idle
   * one takes the next call (a ForkJoinPool's idle workers wait on a stack). Light load therefore runs on one or two
   * warm threads. A ThreadPoolExecutor would start a new thread for each call until it has {@code threads} of them,
   * then hand each call to the longest-idle one (its queue wakes waiters in FIFO order): on a small, busy host every
   * call then paid a cold thread's wake-up (measured in benchmarks/analysis.md).
   */
  private static ForkJoinPool handlerPool(int threads) {
    AtomicInteger count = new AtomicInteger();
    ForkJoinPool.ForkJoinWorkerThreadFactory factory = pool -> {
      ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
      t.setName("modelrt-rpc-" + count.incrementAndGet());
      return t;
    };
    return new ForkJoinPool(threads, factory, null, true);
  }
}
