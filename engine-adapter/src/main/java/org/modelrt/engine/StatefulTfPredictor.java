package org.modelrt.engine;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.tensorflow.engine.SavedModelBundle;
import ai.djl.translate.NoopTranslator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.modelrt.engine.TfGraphState.Endpoint;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * A predictor for one signature of a stateful SavedModel ({@link TfGraphState}): DJL's TfSymbolBlock feeds and
 * fetches only the signature's tensors, so this runs the session itself, with the state's tensors added. Arrays
 * come named by signature key ({@link NamedBinding}) and outputs go back named by key. Not thread-safe (as any
 * predictor); the state it shares with the model's other predictors serializes their calls.
 */
final class StatefulTfPredictor extends Predictor<NDList, NDList> {
  private final TfGraphState state;
  private final List<String> inputKeys = new ArrayList<>();
  private final Endpoint[] inputs;
  private final String[] outputKeys;
  private final Endpoint[] outputs;

  private StatefulTfPredictor(Model model, TfGraphState state, Map<String, Endpoint> inputs,
      Map<String, Endpoint> outputs) {
    super(model, new NoopTranslator(), model.getNDManager().getDevice(), false);
    this.state = state;
    this.inputKeys.addAll(inputs.keySet());
    this.inputs = inputs.values().toArray(Endpoint[]::new);
    this.outputKeys = outputs.keySet().toArray(String[]::new);
    this.outputs = outputs.values().toArray(Endpoint[]::new);
  }

  /**
   * A predictor for {@code signature} of the bundle.
   *
   * @throws ModelLoadException when a tensor of the signature is not in the graph
   */
  static StatefulTfPredictor of(Model model, SavedModelBundle bundle, String signature, TfGraphState state)
      throws ModelLoadException {
    SignatureDef def = bundle.getMetaGraphDef().getSignatureDefOrThrow(signature);
    String where = "signature '" + signature + "'";
    return new StatefulTfPredictor(model, state, endpoints(bundle, def.getInputsMap(), where),
        endpoints(bundle, def.getOutputsMap(), where));
  }

  private static Map<String, Endpoint> endpoints(SavedModelBundle bundle, Map<String, TensorInfo> infos,
      String where) throws ModelLoadException {
    Map<String, Endpoint> endpoints = new TreeMap<>();
    for (Map.Entry<String, TensorInfo> info : infos.entrySet()) {
      endpoints.put(info.getKey(), TfGraphState.endpoint(bundle, info.getValue().getName(), where));
    }
    return endpoints;
  }

  /** Runs the signature with the model's state; the arrays must be named by signature key. */
  @Override
  public NDList predict(NDList arrays) {
    NDList ordered = new NDList(inputs.length);
    for (String key : inputKeys) {
      ordered.add(find(arrays, key));
    }
    return state.run(inputs, ordered, outputs, outputKeys);
  }

  private static NDArray find(NDList arrays, String key) {
    for (NDArray array : arrays) {
      if (key.equals(array.getName())) {
        return array;
      }
    }
    throw new IllegalArgumentException("no input array named '" + key + "'; got "
        + arrays.stream().map(NDArray::getName).toList());
  }
}
