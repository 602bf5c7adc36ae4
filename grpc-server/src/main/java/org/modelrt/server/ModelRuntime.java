package org.modelrt.server;

import io.grpc.Grpc;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.modelrt.contract.Signature;
import org.modelrt.engine.EngineOptions;
import org.modelrt.engine.LoadedModel;
import org.modelrt.engine.ModelLoadException;
import org.modelrt.server.rpc.RuntimeServer;
import org.modelrt.server.rpc.ServingState;
import org.modelrt.server.tls.ServerTls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running runtime: a server that listens at once, a model that loads behind it, and the shutdown that drains
 * them in order. Loading runs on its own thread so that Status and health answer (UNKNOWN) while it lasts; a failed
 * load leaves the process up, reporting NOT_SERVING with the reason.
 *
 * <p>Thread-safe. It owns the model: {@link #stop()} closes it after the server has drained.
 */
public final class ModelRuntime {
  private static final Logger log = LoggerFactory.getLogger(ModelRuntime.class);

  /** Loads a model directory; {@code ModelLoader::load} in production, a fake in tests. */
  @FunctionalInterface
  public interface ModelSource {
    LoadedModel load(Path modelDir, EngineOptions options) throws ModelLoadException;
  }

  private final RuntimeConfig config;
  private final ModelSource source;
  private final ServingState state;
  private final RuntimeServer server;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private boolean stopRequested;

  /** Builds the server for {@code config}; nothing listens or loads until {@link #start()}. */
  public ModelRuntime(RuntimeConfig config, ModelSource source) {
    this.config = config;
    this.source = source;
    this.state = new ServingState("loading the model from " + config.modelDir());
    this.server = new RuntimeServer(
        Grpc.newServerBuilderForPort(config.port(), ServerTls.credentials(config.tls())), state, config.limits());
  }

  /**
   * Starts listening on the configured port, then loads the model in the background. Does nothing once
   * {@link #stop()} has begun.
   *
   * @throws IOException when the port cannot be bound
   */
  public synchronized ModelRuntime start() throws IOException {
    if (stopRequested) {
      return this;
    }
    server.start();
    log.info("modelrt listening on port {}; loading the model from {}", server.port(), config.modelDir());
    Thread loader = new Thread(this::load, "modelrt-model-loader");
    loader.setDaemon(true);
    loader.start();
    return this;
  }

  /** The port the server listens on. */
  public int port() {
    return server.port();
  }

  /** The serving state the server reports. */
  public ServingState state() {
    return state;
  }

  /** Runs {@link #stop()} on SIGTERM and SIGINT, instead of the JVM's exit 143 (130). Call it before starting. */
  public void stopOnSignals() {
    ShutdownSignals.route(this::stop);
  }

  /**
   * Shuts down in steps, each logged: health and Status turn NOT_SERVING, the server stops accepting calls, calls in
   * flight finish within the grace period (the rest are cancelled), then the model is closed. Only the first call
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
      LoadedModel model = state.stopping("shutting down");
      log.info("Health is NOT_SERVING");
      server.drain(config.shutdownGrace());
      if (model != null) {
        model.close();
        log.info("Model closed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.warn("Interrupted while draining; exiting without closing the model");
    } finally {
      log.info("Stopped");
      stopped.countDown();
    }
  }

  /** Blocks until {@link #stop()} has finished. */
  public void awaitStopped() throws InterruptedException {
    stopped.await();
  }

  private void load() {
    long start = System.nanoTime();
    try {
      LoadedModel model = source.load(config.modelDir(), config.engineOptions());
      String message = "serving the " + model.engine().djlName() + " model from " + config.modelDir()
          + ", signatures " + model.contract().signatures().stream().map(Signature::name).toList();
      if (!state.serving(model, message)) {
        model.close();
        return;
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      log.info("Health is SERVING: {} (loaded and warmed up in {} ms)", message, millis);
    } catch (ModelLoadException e) {
      log.error("The model could not be loaded: {}", e.getMessage(), e);
      state.failed(e.getMessage());
    } catch (Throwable e) { // an Error too (out of memory, stack overflow): else health stays UNKNOWN for ever
      log.error("The model could not be loaded", e);
      state.failed(e.toString());
    }
  }
}
