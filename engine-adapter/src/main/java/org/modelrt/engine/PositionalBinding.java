package org.modelrt.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.List;
import org.modelrt.contract.Signature;

/**
 * Binding by position, for TorchScript: inputs are passed in {@code forward}'s parameter order, unnamed (DJL's
 * PyTorch engine gives names with {@code .}, {@code ()} or {@code []} a structural meaning); the tensor or tuple
 * {@code forward} returns is named in the model's output order and picked by the signature's output names.
 * {@link TorchScriptOrder} decides both orders at load time.
 */
final class PositionalBinding implements EngineBinding {
  private final int[] contractIndexOfArgument;
  private final List<String> modelOutputs;
  private final List<String> outputs;

  /**
   * @param signature the contract signature
   * @param contractIndexOfArgument for each {@code forward} parameter in order, the index of the contract input
   *     passed there
   * @param modelOutputs the names of what {@code forward} returns, in order; the signature's outputs are among them
   */
  PositionalBinding(Signature signature, int[] contractIndexOfArgument, List<String> modelOutputs) {
    this.contractIndexOfArgument = contractIndexOfArgument.clone();
    this.modelOutputs = List.copyOf(modelOutputs);
    this.outputs = signature.outputNames();
  }

  /** For each {@code forward} parameter, the index of the contract input passed there. */
  int[] contractIndexOfArgument() {
    return contractIndexOfArgument.clone();
  }

  /** The names given to the returned tensors, in order. */
  List<String> modelOutputs() {
    return modelOutputs;
  }

  @Override
  public NDList toEngine(NDList inputs) {
    NDList ordered = new NDList(contractIndexOfArgument.length);
    for (int index : contractIndexOfArgument) {
      NDArray array = inputs.get(index);
      array.setName(null);
      ordered.add(array);
    }
    return ordered;
  }

  @Override
  public NDList fromEngine(NDList engineOutputs) {
    if (engineOutputs.size() != modelOutputs.size()) {
      throw new InferenceException(
          "the model returned " + engineOutputs.size() + " tensor(s); its signature lists " + modelOutputs.size()
              + " " + modelOutputs);
    }
    NDList picked = new NDList(outputs.size());
    for (String name : outputs) {
      NDArray array = engineOutputs.get(modelOutputs.indexOf(name));
      array.setName(name);
      picked.add(array);
    }
    return picked;
  }
}
