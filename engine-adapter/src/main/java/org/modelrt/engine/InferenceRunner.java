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
   * One engine call.
   *
   * @throws InferenceException when the engine fails
   * @throws ModelBusyException when no capacity frees up in time
   */
  NDList run(NDList inputs);

  @Override
  void close();
}
