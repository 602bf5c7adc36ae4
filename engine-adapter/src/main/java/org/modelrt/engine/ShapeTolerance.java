package org.modelrt.engine;

import org.modelrt.contract.Shape;

/**
 * How a contract field's shape may differ from the model's and still load, as the upstream Hydrosphere runtimes
 * tolerated (they never compared the two): the Hydrosphere LSTM example's contract says {@code result [4]} where its
 * graph says {@code [-1,4]}, and {@code data [-1,-1,24]} where the graph says {@code [-1,1,24]}.
 *
 * <p>Tolerated: a size known on one side and -1 on the other, an unknown rank on either side, and a model shape
 * that is the contract's with one more leading dim of -1 or 1 (the batch dim; such an input is fed to the engine
 * with a leading 1 added, see {@link BatchDims}). Anything else (another rank, two different known sizes) is a
 * conflict. Stateless.
 */
final class ShapeTolerance {
  /** How two shapes compare. */
  enum Verdict {
    /** Equal shapes. */
    SAME,
    /** Compatible sizes, some known on one side only (or an unknown rank). */
    LOOSER,
    /** The model's shape is the contract's with a leading batch dim of -1 or 1. */
    MODEL_ADDS_BATCH_DIM,
    /** Different ranks, or different known sizes. */
    CONFLICT
  }

  private ShapeTolerance() {}

  static Verdict compare(Shape contract, Shape model) {
    if (contract.equals(model)) {
      return Verdict.SAME;
    }
    if (!contract.hasKnownRank() || !model.hasKnownRank()) {
      return Verdict.LOOSER;
    }
    if (contract.rank() == model.rank()) {
      return compatibleFrom(contract, model, 0) ? Verdict.LOOSER : Verdict.CONFLICT;
    }
    boolean batch = model.rank() == contract.rank() + 1
        && (model.dim(0) == Shape.ANY || model.dim(0) == 1)
        && compatibleFrom(contract, model, 1);
    return batch ? Verdict.MODEL_ADDS_BATCH_DIM : Verdict.CONFLICT;
  }

  /** Whether contract dim i and model dim i + offset agree wherever both are known, for every contract dim. */
  private static boolean compatibleFrom(Shape contract, Shape model, int offset) {
    for (int i = 0; i < contract.rank(); i++) {
      long c = contract.dim(i);
      long m = model.dim(i + offset);
      if (c != Shape.ANY && m != Shape.ANY && c != m) {
        return false;
      }
    }
    return true;
  }
}
