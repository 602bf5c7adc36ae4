package org.modelrt.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Optional;
import org.modelrt.contract.Field;
import org.modelrt.contract.Signature;

/**
 * The inputs whose contract shape lacks the model's leading batch dim (contract {@code [4]}, model {@code [-1,4]},
 * {@link ShapeTolerance.Verdict#MODEL_ADDS_BATCH_DIM}): before the engine call each such array gets a leading dim of
 * 1, so a request valid for the contract is one the model can run. Decided once per signature at bind time;
 * immutable and thread-safe. The answer's side is the codec's: an output is written with the contract's shape when
 * that is fully known and holds as many elements.
 */
final class BatchDims {
  private static final BatchDims NONE = new BatchDims(new boolean[0]);

  private final boolean[] addDim;

  private BatchDims(boolean[] addDim) {
    this.addDim = addDim;
  }

  /** The rule for {@code signature} against the model's own signature, when the model describes one. */
  static BatchDims of(Signature signature, Optional<Signature> model) {
    if (model.isEmpty()) {
      return NONE;
    }
    List<Field> inputs = signature.inputs();
    boolean[] add = new boolean[inputs.size()];
    boolean any = false;
    for (int i = 0; i < add.length; i++) {
      Field field = inputs.get(i);
      Optional<Field> own = model.get().input(field.name());
      add[i] = own.isPresent()
          && ShapeTolerance.compare(field.shape(), own.get().shape())
              == ShapeTolerance.Verdict.MODEL_ADDS_BATCH_DIM;
      any |= add[i];
    }
    return any ? new BatchDims(add) : NONE;
  }

  /** The inputs as the engine takes them: the same list, with the arrays that need one replaced by a reshaped copy. */
  NDList apply(NDList inputs) {
    for (int i = 0; i < addDim.length; i++) {
      if (addDim[i]) {
        inputs.set(i, withBatchDim(inputs.get(i)));
      }
    }
    return inputs;
  }

  private static NDArray withBatchDim(NDArray array) {
    long[] dims = array.getShape().getShape();
    long[] batched = new long[dims.length + 1];
    batched[0] = 1;
    System.arraycopy(dims, 0, batched, 1, dims.length);
    Shape shape = new Shape(batched);
    NDManager scope = array.getManager();
    NDArray reshaped;
    if (!EngineKind.ONNX_RUNTIME.djlName().equals(scope.getEngine().getEngineName())) {
      reshaped = array.reshape(shape); // a native op in TensorFlow and PyTorch
    } else if (array.getDataType() == DataType.STRING) {
      // DJL's ONNX Runtime arrays have no reshape of their own: make the array anew, in the same scope
      reshaped = StringTensors.create(scope, StringTensors.bytes(array), shape);
    } else {
      reshaped = scope.create(array.toByteBuffer(), shape, array.getDataType());
    }
    reshaped.setName(array.getName());
    return reshaped;
  }
}
