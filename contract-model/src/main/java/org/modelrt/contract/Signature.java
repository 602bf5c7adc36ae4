package org.modelrt.contract;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A named function of the model: ordered inputs and outputs.
 *
 * <p>Order matters: it is the contract's order, which TorchScript binding falls back to and which responses follow.
 *
 * @param name the signature name (the SavedModel signature key, or the Hydrosphere signature_name)
 * @param inputs inputs in contract order, names unique
 * @param outputs outputs in contract order, names unique
 * @param methodName the SavedModel signature def's {@code method_name} (e.g. {@code tensorflow/serving/classify},
 *     which TF Serving's Classify requires); empty when the model or contract says none
 */
public record Signature(String name, List<Field> inputs, List<Field> outputs, String methodName) {

  public Signature {
    Objects.requireNonNull(name, "name");
    methodName = methodName == null ? "" : methodName;
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    requireUniqueNames(name, "input", inputs);
    requireUniqueNames(name, "output", outputs);
  }

  /** A signature with no method name (every contract layout but a SavedModel's signature defs). */
  public Signature(String name, List<Field> inputs, List<Field> outputs) {
    this(name, inputs, outputs, "");
  }

  /** The input with this name. */
  public Optional<Field> input(String fieldName) {
    return find(inputs, fieldName);
  }

  /** The output with this name. */
  public Optional<Field> output(String fieldName) {
    return find(outputs, fieldName);
  }

  /** Input names in contract order. */
  public List<String> inputNames() {
    return inputs.stream().map(Field::name).toList();
  }

  /** Output names in contract order. */
  public List<String> outputNames() {
    return outputs.stream().map(Field::name).toList();
  }

  private static Optional<Field> find(List<Field> fields, String fieldName) {
    for (Field f : fields) {
      if (f.name().equals(fieldName)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  private static void requireUniqueNames(String signature, String kind, List<Field> fields) {
    Set<String> seen = new HashSet<>();
    for (Field f : fields) {
      if (!seen.add(f.name())) {
        throw new IllegalArgumentException(
            "signature '" + signature + "' has two " + kind + "s named '" + f.name() + "'");
      }
    }
  }
}
