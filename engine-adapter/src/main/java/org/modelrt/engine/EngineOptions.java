package org.modelrt.engine;

import java.util.Optional;

/**
 * How to load and run a model.
 *
 * @param engine the engine to use; empty to detect it from the model's files
 * @param predictors size of the predictor pool (concurrent engine calls)
 * @param intraOpThreads engine threads inside one operation; 0 for the engine's default
 * @param interOpThreads engine threads across operations; 0 for the engine's default
 * @param warmupRuns runs on zero tensors of the contract's shapes before the model is ready
 */
public record EngineOptions(
    Optional<EngineKind> engine, int predictors, int intraOpThreads, int interOpThreads, int warmupRuns) {

  /** Detected engine, one predictor per core, engine thread defaults, 3 warmup runs. */
  public static EngineOptions defaults() {
    return new EngineOptions(Optional.empty(), Runtime.getRuntime().availableProcessors(), 0, 0, 3);
  }

  public EngineOptions withEngine(EngineKind kind) {
    return new EngineOptions(Optional.of(kind), predictors, intraOpThreads, interOpThreads, warmupRuns);
  }

  public EngineOptions withPredictors(int n) {
    return new EngineOptions(engine, n, intraOpThreads, interOpThreads, warmupRuns);
  }

  public EngineOptions withThreads(int intraOp, int interOp) {
    return new EngineOptions(engine, predictors, intraOp, interOp, warmupRuns);
  }

  public EngineOptions withWarmupRuns(int runs) {
    return new EngineOptions(engine, predictors, intraOpThreads, interOpThreads, runs);
  }
}
