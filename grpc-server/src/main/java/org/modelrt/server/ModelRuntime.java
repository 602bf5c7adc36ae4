package org.modelrt.server;

import io.grpc.Grpc;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.modelrt.http.HttpFront;
import org.modelrt.server.rpc.ModelService;
import org.modelrt.server.rpc.RuntimeServer;
import org.modelrt.serving.ModelEntry;
import org.modelrt.serving.ModelRegistry;
import org.modelrt.serving.ModelSource;
import org.modelrt.serving.PredictPipeline;
import org.modelrt.serving.ServingState;
import org.modelrt.serving.VersionManager;
import org.modelrt.serving.observe.AccessLog;
import org.modelrt.serving.observe.Observability;
import org.modelrt.serving.observe.ServingMetrics;
import org.modelrt.serving.observe.Tracing;
import org.modelrt.server.tls.RestTls;
import org.modelrt.server.tls.ServerTls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running runtime: a server that listens at once, models that load behind it (and, in TF Serving mode, new
 * versions that roll in as they appear), and the shutdown that drains them in order. Loading runs on the version
 * manager's thread so that Status and health answer (UNKNOWN) while it lasts; a failed load leaves the process up,
 * reporting NOT_SERVING with the reason.
 *
 * <p>Thread-safe. It owns the models: {@link #stop()} closes them after the server has drained.
 */
public final class ModelRuntime {
  private static final Logger log = LoggerFactory.getLogger(ModelRuntime.class);
  /** The name of Hydrosphere mode's one model, as GetModelStatus and the logs show it (TF Serving's default). */
  public static final String DEFAULT_MODEL = "default";

  private final RuntimeConfig config;
  private final List<ModelEntry> models;
  private final VersionManager manager;
  private final RuntimeServer server;
  private final PredictPipeline pipeline;
  private final Observability observability;
  private final ServerTls tls;
  private final SslContext restTls; // null: REST is plaintext (as the gRPC port is)
  private volatile HttpFront http;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private boolean stopRequested;

  /** Hydrosphere mode: the one model of {@code config.modelDir()}. */
  public ModelRuntime(RuntimeConfig config, ModelSource source) {
    this(config, ModelRegistry.Mode.HYDROSPHERE, List.of(new ModelEntry(DEFAULT_MODEL,
        ModelEntry.fixed(1, config.modelDir()), java.util.Map.of(), config.engineOptions())),
        "loading the model from " + config.modelDir(), source, null);
  }

  /**
   * Builds the server for {@code models}; nothing listens or loads until {@link #start()}.
   *
   * @param reload what HandleReloadConfigRequest does with the manager; {@code null} for no reloading
   */
  public ModelRuntime(RuntimeConfig config, ModelRegistry.Mode mode, List<ModelEntry> models, String loadingMessage,
      ModelSource source, java.util.function.Function<VersionManager, ModelService.Reload> reload) {
    this.config = config;
    this.models = List.copyOf(models);
    ModelRegistry registry = new ModelRegistry(mode, new ServingState(loadingMessage));
    this.manager = new VersionManager(registry, config.batching().wrap(source));
    this.pipeline = config.limits().pipeline(registry); // one per runtime: gRPC and REST share its in-flight limit
    this.observability = observability(config);
    this.tls = ServerTls.open(config.tls());
    this.restTls = RestTls.context(tls).orElse(null); // the same managers: one rotation reaches both ports
    this.server = new RuntimeServer(
        Grpc.newServerBuilderForPort(config.port(), tls.credentials()), pipeline, config.limits(),
        reload == null ? ModelService.NO_RELOAD : reload.apply(manager), observability);
    registry.state().addListener(ModelRuntime::logHealth);
  }

  /**
   * Starts listening on the configured port, then loads the models in the background. Does nothing once
   * {@link #stop()} has begun.
   *
   * @throws IOException when the port cannot be bound
   */
  public synchronized ModelRuntime start() throws IOException {
    if (stopRequested) {
      return this;
    }
    server.start();
    log.info("modelrt listening on port {}; {}", server.port(), state().snapshot().message());
    TfServingOptions tf = config.tfServing();
    if (tf.restPort() > 0) {
      http = HttpFront.start(new HttpFront.Options(tf.restPort(), config.maxMessageBytes(), tf.restApiTimeout(),
          config.maxInFlight(), restTls), pipeline, Map.of("/v2", V2RestMount.of(pipeline)), observability);
      log.info("REST (TF Serving API, KServe v2, /metrics) listening on port {}{}", http.port(), restTls == null ? ""
          : tls.clientTrust().isPresent() ? " over mutual TLS (HTTPS only, the gRPC port's certificates and client CAs)"
          : " over TLS (HTTPS only, the gRPC port's certificates)");
    }
    manager.configure(models);
    manager.pollEvery(config.filePollPeriod());
    return this;
  }

  /** The port the server listens on. */
  public int port() {
    return server.port();
  }

  /** The REST port; 0 when REST is off. */
  public int restPort() {
    HttpFront front = http;
    return front == null ? 0 : front.port();
  }

  /** The serving state the server reports. */
  public ServingState state() {
    return manager.registry().state();
  }

  /** Where every front records its calls (metrics, access log, spans): the HTTP front uses the same one. */
  public Observability observability() {
    return observability;
  }

  /** The models, their versions and their loading. */
  public VersionManager manager() {
    return manager;
  }

  /** Runs {@link #stop()} on SIGTERM and SIGINT, instead of the JVM's exit 143 (130). Call it before starting. */
  public void stopOnSignals() {
    ShutdownSignals.route(this::stop);
  }

  /**
   * Shuts down in steps, each logged: health and Status turn NOT_SERVING, the server stops accepting calls, calls in
   * flight finish within the grace period (the rest are cancelled), then the models are closed. Only the first call
   * does the work; later ones return at once.
   */
  public void stop() {
    synchronized (this) {
      if (stopRequested) {
        return;
      }
      stopRequested = true;
    }
    try {
      state().stopping("shutting down");
      drainFronts();
      manager.close();
      observability.close();
      tls.close();
      log.info("Models closed");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.warn("Interrupted while draining; exiting without closing the models");
    } finally {
      log.info("Stopped");
      stopped.countDown();
    }
  }

  /** Both fronts stop accepting and drain at once, within the same grace; then the models may close. */
  private void drainFronts() throws InterruptedException {
    HttpFront front = http;
    Thread rest = front == null ? null : new Thread(() -> {
      try {
        front.drain(config.shutdownGrace());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "modelrt-rest-drain");
    if (rest != null) {
      rest.start();
    }
    server.drain(config.shutdownGrace());
    if (rest != null) {
      rest.join();
    }
  }

  /** Blocks until {@link #stop()} has finished. */
  public void awaitStopped() throws InterruptedException {
    stopped.await();
  }

  /** Metrics in the default registry, the access log if asked for, spans if OTEL_* asks for them. */
  private static Observability observability(RuntimeConfig config) {
    ServingMetrics metrics = ServingMetrics.global();
    try {
      AccessLog accessLog = config.accessLog().isEmpty() ? null : AccessLog.open(config.accessLog(), metrics);
      return new Observability(metrics, accessLog, Tracing.fromEnvironment(System.getenv()));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot open the access log " + config.accessLog(), e);
    }
  }

  private static void logHealth(ServingState.Snapshot s) {
    switch (s.phase()) {
      case SERVING -> log.info("Health is SERVING: {}", s.message());
      case FAILED -> log.info("Health is NOT_SERVING: {}", s.message());
      case STOPPING -> log.info("Health is NOT_SERVING");
      case LOADING -> log.debug("Health is UNKNOWN: {}", s.message());
    }
  }
}
