package org.modelrt.serving.batching;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.modelrt.contract.DType;
import org.modelrt.contract.Field;
import org.modelrt.contract.Shape;
import org.modelrt.contract.Signature;
import org.modelrt.engine.DTypeTable;
import org.modelrt.engine.LoadedModel;

/**
 * Decides at load whether a signature may be batched: every input must have a free first dimension and fixed-size
 * rows, and a run on 1 row and on 2 rows (zeros) must give outputs whose first dimension is 1 and 2. A model that
 * reduces over its inputs' rows, or returns something of a fixed size, would give each caller rows that are not its
 * own if it were batched. Stateless.
 */
final class BatchMajorProbe {
  private BatchMajorProbe() {}

  /** Why the signature cannot be batched; {@code null} when it can. */
  static String whyNot(LoadedModel model, Signature signature) {
    for (Field f : signature.inputs()) {
      if (!f.shape().hasKnownRank() || f.shape().rank() == 0 || f.shape().dim(0) != Shape.ANY) {
        return "input '" + f.name() + "' has no free first dimension (shape " + f.shape() + ")";
      }
      if (f.dtype() == DType.STRING || DTypeTable.toDjl(f.dtype()).isEmpty()) {
        return "input '" + f.name() + "' is " + f.dtype() + ", whose rows have no fixed size";
      }
    }
    for (int rows = 1; rows <= 2; rows++) {
      try (NDManager scope = model.newRequestScope()) {
        NDList inputs = new NDList(signature.inputs().size());
        for (Field f : signature.inputs()) {
          inputs.add(zeros(scope, f, rows));
        }
        NDList outputs = model.predict(signature, inputs);
        for (NDArray output : outputs) {
          if (output.getShape().dimension() == 0 || output.getShape().get(0) != rows) {
            return "its output '" + output.getName() + "' has shape " + output.getShape() + " for " + rows
                + " input row(s): not batch-major";
          }
        }
      } catch (RuntimeException e) {
        return "a run on " + rows + " row(s) of zeros failed: " + e.getMessage();
      }
    }
    return null;
  }

  private static NDArray zeros(NDManager scope, Field field, int rows) {
    long[] dims = Arrays.stream(field.shape().dims()).map(d -> d == Shape.ANY ? 1 : d).toArray();
    dims[0] = rows;
    ai.djl.ndarray.types.Shape shape = new ai.djl.ndarray.types.Shape(dims);
    DataType type = DTypeTable.toDjl(field.dtype()).orElseThrow();
    NDArray array = scope.create(ByteBuffer.allocateDirect(Math.toIntExact(shape.size() * type.getNumOfBytes())),
        shape, type);
    array.setName(field.name());
    return array;
  }
}
