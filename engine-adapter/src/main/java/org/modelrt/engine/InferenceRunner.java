package org.modelrt.engine;

import ai.djl.ndarray.NDList;

/**
 * Runs one signature's engine calls: arrays in the engine's naming and order in, the engine's outputs out. The seam
 * between {@link LoadedModel#predict} and the engine: today a {@link PredictorPool}; a request batcher will wrap one
 * (gather calls, concatenate along the batch dim, run once, split) without anything above it changing.
 *
 * <p>Thread-safe. Outputs are attached to the inputs' manager. The owner closes it after the last call.
 */
interface InferenceRunner extends AutoCloseable {

  /**
   * One engine call, unless {@code caller} gave up before the engine could run it.
   *
   * @throws InferenceException when the engine fails
   * @throws ModelBusyException when no capacity frees up in time
   * @throws CallAbandonedException when the caller gave up first (the engine did not run)
   */
  NDList run(NDList inputs, CallerDeadline caller);

  /** Wakes the calls waiting for capacity (they fail); calls already in the engine finish. */
  @Override
  void close();
}
