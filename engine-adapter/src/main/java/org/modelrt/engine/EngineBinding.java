package org.modelrt.engine;

import ai.djl.ndarray.NDList;

/**
 * How one signature's arrays meet one engine: how the inputs are named and ordered before the engine call, and how
 * the engine's outputs are picked and named after it. Decided once at load time; thread-safe.
 */
interface EngineBinding {

  /**
   * The engine's inputs.
   *
   * @param inputs one array per signature input, in the signature's order
   */
  NDList toEngine(NDList inputs);

  /**
   * The signature's outputs, in the signature's order and named by it.
   *
   * @param outputs what the engine returned
   * @throws InferenceException when the engine did not return what the signature lists
   */
  NDList fromEngine(NDList outputs);
}
