package org.modelrt.serving.codec;

import org.modelrt.contract.Shape;

/**
 * The shape an output tensor is answered with: the contract field's, when it is fully known and holds as many
 * elements as the engine's array, else the array's own. Upstream Hydrosphere's TF runtime writes the declared shape
 * rather than the result's (its {@code fixed_make_tensor_proto} takes the shape as given); a contract may say
 * {@code [4]} where the graph returns {@code [1,4]} (the LSTM example), and its clients expect {@code [4]}. The one
 * place answers get their shape. Stateless.
 */
final class OutputShape {
  private OutputShape() {}

  /**
   * @param contract the contract output field's shape
   * @param actual the engine array's dims
   */
  static long[] of(Shape contract, long[] actual) {
    if (!contract.isFullyDefined() || contract.accepts(actual)) {
      return actual; // the common case: nothing to relabel
    }
    long[] dims = contract.dims();
    return count(dims) == count(actual) ? dims : actual;
  }

  private static long count(long[] dims) {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    return n;
  }
}
