package org.modelrt.engine;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.modelrt.contract.Contract;
import org.modelrt.contract.Signature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link LoadedModel} over DJL: per contract signature an {@link EngineBinding} (naming and order) and an
 * {@link InferenceRunner} (the predictor pool, later the batcher). Thread-safe; owns the engine model and the runners,
 * and closes them once, runners first.
 *
 * <p>Every predict holds the read side of a lock and {@link #close()} takes the write side before it closes the
 * engine model, so native memory is never freed under a running engine call (which would crash the process).
 */
final class DjlLoadedModel implements LoadedModel {
  private static final Logger log = LoggerFactory.getLogger(DjlLoadedModel.class);
  /** How long close waits for engine calls still running before it gives up freeing the engine's memory. */
  static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

  /** One signature's way to the engine. */
  record Route(EngineBinding binding, BatchDims batchDims, InferenceRunner runner) {}

  private final EngineModel engineModel;
  private final Contract contract;
  private final Map<String, Route> routes;
  private final LongAdder engineCalls = new LongAdder();
  private final ReentrantReadWriteLock inFlight = new ReentrantReadWriteLock();
  private volatile boolean closed;
  private volatile long warmupMillis;

  private DjlLoadedModel(EngineModel engineModel, Contract contract, Map<String, Route> routes) {
    this.engineModel = engineModel;
    this.contract = contract;
    this.routes = routes;
  }

  /**
   * Binds every contract signature to the engine model and gives each a predictor pool. On failure closes the pools
   * it made, not the engine model.
   *
   * @throws ModelLoadException when a signature does not bind
   */
  static DjlLoadedModel bind(EngineModel engineModel, Contract contract, EngineOptions options)
      throws ModelLoadException {
    Map<String, Route> routes = new LinkedHashMap<>();
    Optional<Contract> described = engineModel.describe();
    try {
      for (Signature signature : contract.signatures()) {
        EngineBinding binding = engineModel.bind(signature);
        BatchDims batchDims = BatchDims.of(
            signature, described.flatMap(model -> ContractCheck.counterpart(engineModel.engine(), model, signature)));
        PredictorPool pool =
            new PredictorPool(
                signature.name(),
                options.predictors(),
                () -> engineModel.newPredictor(signature),
                options.borrowTimeout());
        routes.put(signature.name(), new Route(binding, batchDims, pool));
      }
      return new DjlLoadedModel(engineModel, contract, Map.copyOf(routes));
    } catch (ModelLoadException | RuntimeException e) {
      routes.values().forEach(route -> route.runner().close());
      throw e;
    }
  }

  @Override
  public Contract contract() {
    return contract;
  }

  @Override
  public EngineKind engine() {
    return engineModel.engine();
  }

  @Override
  public NDManager newRequestScope() {
    return engineModel.manager().newSubManager();
  }

  @Override
  public NDList predict(Signature signature, NDList inputs, CallerDeadline caller) {
    Route route = routes.get(signature.name());
    if (route == null) {
      throw new IllegalArgumentException(
          "signature '" + signature.name() + "' is not in the model's contract " + routes.keySet());
    }
    if (inputs.size() != signature.inputs().size()) {
      throw new IllegalArgumentException(
          "signature '" + signature.name() + "' takes " + signature.inputs().size() + " input(s), got "
              + inputs.size());
    }
    inFlight.readLock().lock();
    try {
      if (closed) {
        throw new ModelClosedException("the model is closed");
      }
      NDList asGiven = new NDList(inputs); // the caller's arrays, before a batch dim is added in place
      NDList outputs;
      try {
        outputs = route.runner().run(route.binding().toEngine(route.batchDims().apply(inputs)), caller);
      } catch (InferenceException e) {
        // shapes judged against the model's own signature, not the relaxed one TF Serving mode checks requests with
        throw InputRefusals.classify(engine(), contract.signature(signature.name()).orElse(signature), asGiven, e);
      }
      engineCalls.increment();
      return route.binding().fromEngine(outputs);
    } finally {
      inFlight.readLock().unlock();
    }
  }

  /** Starts the model's state afresh (after warmup): only a stateful graph has one. */
  void resetState() {
    engineModel.resetState();
  }

  @Override
  public String device() {
    return engineModel.manager().getDevice().toString();
  }

  @Override
  public long warmupMillis() {
    return warmupMillis;
  }

  /** Notes how long the warmup took (the loader times it). */
  void warmedUp(long millis) {
    warmupMillis = millis;
  }

  /** How many engine calls this model made, warmup included. */
  long engineCalls() {
    return engineCalls.sum();
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    routes.values().forEach(route -> route.runner().close()); // fails the calls still waiting for a predictor
    try {
      if (!inFlight.writeLock().tryLock(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("Engine calls still running after {} s; leaving the engine's memory to the process exit",
            CLOSE_WAIT.toSeconds());
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.warn("Interrupted while waiting for engine calls; leaving the engine's memory to the process exit");
      return;
    }
    try {
      engineModel.close();
    } finally {
      inFlight.writeLock().unlock();
    }
  }
}
