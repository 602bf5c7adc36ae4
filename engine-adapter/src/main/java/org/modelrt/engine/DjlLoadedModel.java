package org.modelrt.engine;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.modelrt.contract.Contract;
import org.modelrt.contract.Signature;

/**
 * A {@link LoadedModel} over DJL: per contract signature an {@link EngineBinding} (naming and order) and an
 * {@link InferenceRunner} (the predictor pool, later the batcher). Thread-safe; owns the engine model and the runners,
 * and closes them once, runners first.
 */
final class DjlLoadedModel implements LoadedModel {

  /** One signature's way to the engine. */
  record Route(EngineBinding binding, InferenceRunner runner) {}

  private final EngineModel engineModel;
  private final Contract contract;
  private final Map<String, Route> routes;
  private final LongAdder engineCalls = new LongAdder();
  private final AtomicBoolean closed = new AtomicBoolean();

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
    try {
      for (Signature signature : contract.signatures()) {
        EngineBinding binding = engineModel.bind(signature);
        PredictorPool pool =
            new PredictorPool(
                signature.name(),
                options.predictors(),
                () -> engineModel.newPredictor(signature),
                options.borrowTimeout());
        routes.put(signature.name(), new Route(binding, pool));
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
  public NDList predict(Signature signature, NDList inputs) {
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
    NDList outputs = route.runner().run(route.binding().toEngine(inputs));
    engineCalls.increment();
    return route.binding().fromEngine(outputs);
  }

  /** How many engine calls this model made, warmup included. */
  long engineCalls() {
    return engineCalls.sum();
  }

  @Override
  public void close() {
    if (closed.getAndSet(true)) {
      return;
    }
    routes.values().forEach(route -> route.runner().close());
    engineModel.close();
  }
}
