package org.modelrt.engine;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;

/**
 * A predictor that runs a block straight on the caller's arrays: the model's own block (TorchScript, ONNX) or a
 * given one (one SavedModel backs a predictor per signature without loading twice). NDList in, NDList out, no
 * batchifier. Not thread-safe.
 *
 * <p>{@link #predict} does what DJL's {@code Predictor.predict} does with a {@link NoopTranslator} and no batchifier
 * (an empty list gives an empty list; the block's failure comes wrapped in a {@link TranslateException}), without the
 * per-call {@code PredictorContext}: a sub-manager with its maps, attached to and detached from this predictor's
 * manager and closed on every call, which a no-op translator never uses (the block's outputs belong to the inputs'
 * manager, the caller's request scope).
 */
final class BlockPredictor extends Predictor<NDList, NDList> {

  /** Runs the model's own block. */
  BlockPredictor(Model model) {
    this(model, model.getBlock());
  }

  BlockPredictor(Model model, Block block) {
    super(model, new NoopTranslator(), model.getNDManager().getDevice(), false);
    this.block = block;
  }

  @Override
  public NDList predict(NDList inputs) throws TranslateException {
    if (inputs.isEmpty()) {
      return new NDList();
    }
    try {
      return block.forward(parameterStore, inputs, false);
    } catch (RuntimeException e) {
      throw new TranslateException(e);
    }
  }
}
