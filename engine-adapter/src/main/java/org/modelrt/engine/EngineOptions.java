package org.modelrt.engine;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to load and run a model. Immutable.
 *
 * <p>Engine threads: a count of 0 means modelrt's default for a small host. With more than one predictor the
 * predictors already run calls in parallel, so each call gets 1 intra-op and 1 inter-op thread (no
 * oversubscription); with a single predictor a call may use every core intra-op, and 1 inter-op thread. An engine's
 * own DJL system property ({@code ai.djl.pytorch.num_threads}, {@code ai.djl.tensorflow.num_intraop_threads},
 * {@code ai.djl.onnxruntime.num_threads} and their inter-op twins), as set when the first model loads, is honoured
 * in place of a 0. PyTorch's counts are process-wide: the first PyTorch model sets the inter-op count for good, a
 * later one only the intra-op count.
 *
 * @param engine the engine to use; empty to detect it from the model's files
 * @param predictors size of the predictor pool of each signature (concurrent engine calls), at least 1
 * @param intraOpThreads engine threads inside one operation; 0 for the default above
 * @param interOpThreads engine threads across independent operations; 0 for the default above
 * @param warmupRuns runs per signature on zero tensors of the contract's shapes (-1 dims taken as 1) before the model
 *     is ready; 0 for none
 * @param borrowTimeout how long a call waits for a free predictor before it fails with {@link ModelBusyException}
 */
public record EngineOptions(
    Optional<EngineKind> engine,
    int predictors,
    int intraOpThreads,
    int interOpThreads,
    int warmupRuns,
    Duration borrowTimeout) {

  /** The default wait for a free predictor: long enough to ride out a burst, short enough to shed a stuck engine. */
  public static final Duration DEFAULT_BORROW_TIMEOUT = Duration.ofSeconds(30);

  public EngineOptions {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(borrowTimeout, "borrowTimeout");
    if (predictors < 1) {
      throw new IllegalArgumentException("predictors must be at least 1, got " + predictors);
    }
    if (intraOpThreads < 0 || interOpThreads < 0) {
      throw new IllegalArgumentException(
          "thread counts must be 0 (default) or more, got intra-op " + intraOpThreads + ", inter-op "
              + interOpThreads);
    }
    if (warmupRuns < 0) {
      throw new IllegalArgumentException("warmup runs must be 0 or more, got " + warmupRuns);
    }
    if (borrowTimeout.isNegative()) {
      throw new IllegalArgumentException("borrow timeout must not be negative, got " + borrowTimeout);
    }
  }

  /** Detected engine, one predictor per core, default threads, 3 warmup runs, 30 s borrow timeout. */
  public static EngineOptions defaults() {
    return new EngineOptions(
        Optional.empty(), Runtime.getRuntime().availableProcessors(), 0, 0, 3, DEFAULT_BORROW_TIMEOUT);
  }

  public EngineOptions withEngine(EngineKind kind) {
    return new EngineOptions(
        Optional.of(kind), predictors, intraOpThreads, interOpThreads, warmupRuns, borrowTimeout);
  }

  public EngineOptions withPredictors(int n) {
    return new EngineOptions(engine, n, intraOpThreads, interOpThreads, warmupRuns, borrowTimeout);
  }

  public EngineOptions withThreads(int intraOp, int interOp) {
    return new EngineOptions(engine, predictors, intraOp, interOp, warmupRuns, borrowTimeout);
  }

  public EngineOptions withWarmupRuns(int runs) {
    return new EngineOptions(engine, predictors, intraOpThreads, interOpThreads, runs, borrowTimeout);
  }

  public EngineOptions withBorrowTimeout(Duration timeout) {
    return new EngineOptions(engine, predictors, intraOpThreads, interOpThreads, warmupRuns, timeout);
  }
}
