package org.modelrt.server.cli;

import java.util.List;
import java.util.Map;
import org.modelrt.serving.codec.TensorText;
import org.modelrt.serving.codec.WireFormat;
import org.modelrt.wire.tfserving.ModelSpec;
import org.modelrt.wire.tfserving.PredictRequest;

/**
 * Predict requests of either generation from tensors given as values: what {@link PredictClient} sends and what the
 * load generator reuses. Stateless.
 */
public final class PredictRequests {
  private PredictRequests() {}

  /**
   * A G1/G2 (TF Serving) request.
   *
   * @param modelName what to put in {@code model_spec.name} (the runtime accepts any)
   * @param signature {@code model_spec.signature_name}; empty for the default
   * @param asContent numbers in {@code tensor_content} rather than the typed fields
   * @param outputFilter outputs to return; empty for all
   */
  public static PredictRequest g2(String modelName, String signature, Map<String, TensorText.Values> inputs,
      boolean asContent, List<String> outputFilter) {
    PredictRequest.Builder request = PredictRequest.newBuilder()
        .setModelSpec(ModelSpec.newBuilder().setName(modelName).setSignatureName(signature))
        .addAllOutputFilter(outputFilter);
    inputs.forEach((name, v) -> request.putInputs(name,
        TensorText.toTensor(WireFormat.TENSOR_PROTO, v.dtype(), v.shape(), v.values(), asContent)));
    return request.build();
  }

  /** A G3 (Hydrosphere runtime) request; it has no signature: the runtime runs its default one. */
  public static org.modelrt.wire.g3.PredictRequest g3(Map<String, TensorText.Values> inputs, boolean asContent) {
    org.modelrt.wire.g3.PredictRequest.Builder request = org.modelrt.wire.g3.PredictRequest.newBuilder();
    inputs.forEach((name, v) -> request.putInputs(name,
        TensorText.toTensor(WireFormat.G3_TENSOR, v.dtype(), v.shape(), v.values(), asContent)));
    return request.build();
  }
}
