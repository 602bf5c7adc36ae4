package org.modelrt.engine;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.translate.NoopTranslator;

/**
 * A predictor that runs a given block of the model rather than the model's own, so that one loaded SavedModel backs
 * a predictor per signature without loading twice. NDList in, NDList out, no batchifier. Not thread-safe.
 */
final class BlockPredictor extends Predictor<NDList, NDList> {

  BlockPredictor(Model model, Block block) {
    super(model, new NoopTranslator(), model.getNDManager().getDevice(), false);
    this.block = block;
  }
}
