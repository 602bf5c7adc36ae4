package org.modelrt.serving.batching;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * What calls must share to run in one batch: the signature, and per input the dtype and every dimension but the
 * first (the rows). Immutable.
 *
 * @param signature the signature name
 * @param types each input's dtype, in the signature's order
 * @param rowShapes each input's shape without its first dimension
 */
record BatchKey(String signature, List<DataType> types, List<Shape> rowShapes) {

  /**
   * The key of a call's inputs, or {@code null} when they cannot be batched: an input that is a scalar or a string
   * tensor (whose bytes are not rows of fixed size), or inputs whose first dimensions differ.
   */
  static BatchKey of(String signature, NDList inputs) {
    List<DataType> types = new ArrayList<>(inputs.size());
    List<Shape> rows = new ArrayList<>(inputs.size());
    long first = -1;
    for (NDArray array : inputs) {
      Shape shape = array.getShape();
      if (shape.dimension() == 0 || array.getDataType() == DataType.STRING
          || (first >= 0 && shape.get(0) != first)) {
        return null;
      }
      first = shape.get(0);
      types.add(array.getDataType());
      rows.add(shape.slice(1));
    }
    return first > 0 ? new BatchKey(signature, types, rows) : null;
  }

  /** The bytes of one row of input {@code i}. */
  long rowBytes(int i) {
    return rowShapes.get(i).size() * types.get(i).getNumOfBytes();
  }
}
