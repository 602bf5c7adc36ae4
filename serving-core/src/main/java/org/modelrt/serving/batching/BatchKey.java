package org.modelrt.serving.batching;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What calls must share to run in one batch: the signature, and per input the dtype and every dimension but the
 * first (the rows), or, with pad_variable_length_inputs, only the number of those dimensions. Immutable.
 *
 * @param signature the signature name
 * @param types each input's dtype, in the signature's order
 * @param rowShapes each input's shape without its first dimension; when {@link #padded}, every dimension is -1
 *     (any size: the batch pads them to its largest)
 */
record BatchKey(String signature, List<DataType> types, List<Shape> rowShapes) {

  /**
   * The key of a call's inputs, or {@code null} when they cannot be batched: an input that is a scalar or a string
   * tensor (whose bytes are not rows of fixed size), or inputs whose first dimensions differ. With {@code pad}, also
   * a call with an empty input: it has no first element to pad with (TF Serving would fail the whole batch, "Got
   * empty tensor in batch of non-empty tensors"), so it runs alone.
   */
  static BatchKey of(String signature, NDList inputs, boolean pad) {
    List<DataType> types = new ArrayList<>(inputs.size());
    List<Shape> rows = new ArrayList<>(inputs.size());
    long first = -1;
    for (NDArray array : inputs) {
      Shape shape = array.getShape();
      if (shape.dimension() == 0 || array.getDataType() == DataType.STRING
          || (first >= 0 && shape.get(0) != first) || (pad && shape.size() == 0)) {
        return null;
      }
      first = shape.get(0);
      types.add(array.getDataType());
      rows.add(pad ? anySize(shape.dimension() - 1) : shape.slice(1));
    }
    return first > 0 ? new BatchKey(signature, types, rows) : null;
  }

  /** Whether calls of this key may differ in their inputs' non-batch dimensions (and are padded). */
  boolean padded() {
    return rowShapes.stream().anyMatch(s -> s.getUnknownValueCount() > 0);
  }

  private static Shape anySize(int rank) {
    long[] dims = new long[rank];
    Arrays.fill(dims, -1);
    return new Shape(dims);
  }
}
