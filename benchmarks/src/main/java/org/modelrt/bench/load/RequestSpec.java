package org.modelrt.bench.load;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.modelrt.wire.tensor.TensorProto;

/**
 * One Predict request, independent of generation: the signature to call (empty for the model's default) and the
 * input tensors in the order they were described. Tensors are held as G1/G2 {@link TensorProto}s;
 * {@link G3Tensors} turns them into G3 tensors.
 *
 * @param signature the signature name; empty to let the server pick its default
 * @param inputs input name to tensor, in description order
 */
public record RequestSpec(String signature, Map<String, TensorProto> inputs) {
  public RequestSpec {
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("a request needs at least one input tensor");
    }
    inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
  }

  /** The serialized size of the input tensors, a rough payload size to report beside the numbers. */
  public long payloadBytes() {
    long bytes = 0;
    for (TensorProto t : inputs.values()) {
      bytes += t.getSerializedSize();
    }
    return bytes;
  }
}
