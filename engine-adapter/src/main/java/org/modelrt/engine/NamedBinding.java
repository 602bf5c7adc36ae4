package org.modelrt.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.List;
import org.modelrt.contract.Signature;

/**
 * Binding by name, for TensorFlow and ONNX Runtime: every input array is named by its signature input (a SavedModel
 * signature key or an ONNX graph input name), so the engine matches them whatever their order; outputs come back
 * named and are picked by the signature's output names.
 *
 * <p>Every array is named because TensorFlow binds unnamed arrays to the signature keys in sorted order, and ONNX
 * Runtime requires all arrays named or none.
 */
final class NamedBinding implements EngineBinding {
  private final List<String> inputs;
  private final List<String> outputs;

  NamedBinding(Signature signature) {
    this.inputs = signature.inputNames();
    this.outputs = signature.outputNames();
  }

  @Override
  public NDList toEngine(NDList arrays) {
    for (int i = 0; i < inputs.size(); i++) {
      arrays.get(i).setName(inputs.get(i));
    }
    return arrays;
  }

  @Override
  public NDList fromEngine(NDList engineOutputs) {
    NDList picked = new NDList(outputs.size());
    for (String name : outputs) {
      picked.add(find(engineOutputs, name));
    }
    return picked;
  }

  private static NDArray find(NDList arrays, String name) {
    for (NDArray array : arrays) {
      if (name.equals(array.getName())) {
        return array;
      }
    }
    throw new InferenceException(
        "the engine returned no output '" + name + "'; it returned "
            + arrays.stream().map(NDArray::getName).toList());
  }
}
