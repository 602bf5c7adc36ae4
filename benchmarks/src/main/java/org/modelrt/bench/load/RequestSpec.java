package org.modelrt.bench.load;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.modelrt.server.cli.PredictRequests;
import org.modelrt.serving.codec.TensorText;
import org.modelrt.wire.tfserving.PredictRequest;

/**
 * One Predict request, independent of generation: the signature to call (empty for the model's default), the input
 * tensors as text values in description order, and where numbers travel. The messages are built by the runtime's own
 * client code ({@link PredictRequests}, {@link TensorText}), so the load generator sends exactly what the
 * {@code PredictClient} sends and the server decodes. Values are not checked against shapes, so the server's
 * refusals can be put under load too.
 *
 * @param signature the signature name; empty to let the server pick its default (G3 always does)
 * @param inputs input name to tensor, in description order
 * @param asContent numbers in {@code tensor_content} / {@code binary_val} rather than the typed fields
 */
public record RequestSpec(String signature, Map<String, TensorText.Values> inputs, boolean asContent) {
  public RequestSpec {
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("a request needs at least one input tensor");
    }
    inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
  }

  /** The G1/G2 request, {@code model_spec.name} set to {@code modelName}. */
  public PredictRequest g2(String modelName) {
    return PredictRequests.g2(modelName, signature, inputs, asContent, List.of());
  }

  /** The G3 request (it carries no signature name). */
  public org.modelrt.wire.g3.PredictRequest g3() {
    return PredictRequests.g3(inputs, asContent);
  }

  /** The serialized size of the G2 input tensors, the payload size reported beside the numbers. */
  public long payloadBytes() {
    return g2("").getInputsMap().values().stream().mapToLong(t -> t.getSerializedSize()).sum();
  }
}
