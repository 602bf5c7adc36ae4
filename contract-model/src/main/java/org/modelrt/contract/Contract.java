package org.modelrt.contract;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a model takes and returns: its signatures by name, in the order the contract lists them.
 *
 * <p>The default signature is the only one; else the one named {@code predict}; else {@code serving_default}; else
 * there is none and a request must name one. Predict comes first because a request without a signature_name (G1
 * clients, every G3 request) falls back to the only or the predict signature (docs/hydrosphere-upstream.md, "Signature
 * choice"). The G2 manager's own order (serving_default, predict, then the first) picked the one signature it wrote, so
 * a G2 contract has only that one; the order here decides only for G1 files and derived contracts with several.
 * Immutable and thread-safe.
 */
public final class Contract {
  /** The signature a request without a signature_name falls back to when there are several. */
  public static final String PREDICT = "predict";
  /** TensorFlow's default SavedModel signature key. */
  public static final String SERVING_DEFAULT = "serving_default";

  private final String modelName;
  private final Map<String, Signature> signatures;
  private final Signature defaultSignature;

  /**
   * @param modelName the model name, empty when the contract has none
   * @param signatures at least one; names unique
   * @throws IllegalArgumentException when there is no signature or two share a name
   */
  public Contract(String modelName, List<Signature> signatures) {
    if (signatures.isEmpty()) {
      throw new IllegalArgumentException("a contract needs at least one signature");
    }
    Map<String, Signature> byName = new LinkedHashMap<>();
    for (Signature s : signatures) {
      if (byName.put(s.name(), s) != null) {
        throw new IllegalArgumentException("two signatures are named '" + s.name() + "'");
      }
    }
    this.modelName = modelName == null ? "" : modelName;
    this.signatures = java.util.Collections.unmodifiableMap(byName);
    this.defaultSignature = chooseDefault(byName);
  }

  private static Signature chooseDefault(Map<String, Signature> byName) {
    if (byName.size() == 1) {
      return byName.values().iterator().next();
    }
    Signature predict = byName.get(PREDICT);
    return predict != null ? predict : byName.get(SERVING_DEFAULT);
  }

  /** The model name; empty when the contract has none. */
  public String modelName() {
    return modelName;
  }

  /** Every signature, in contract order. */
  public Collection<Signature> signatures() {
    return signatures.values();
  }

  /** The signature with this name. */
  public Optional<Signature> signature(String name) {
    return Optional.ofNullable(signatures.get(name));
  }

  /** The default signature, if the contract has one (see the class comment). */
  public Optional<Signature> defaultSignature() {
    return Optional.ofNullable(defaultSignature);
  }

  /**
   * The signature a request asks for: by name when {@code requested} is non-empty, else the default.
   *
   * @throws InvalidRequestException when the name is unknown, or it is empty and there is no default
   */
  public Signature select(String requested) {
    if (requested != null && !requested.isEmpty()) {
      Signature s = signatures.get(requested);
      if (s == null) {
        // The Hydrosphere runtimes' exact wording; clients match on it.
        throw new InvalidRequestException(
            Quoted.value(requested) + " signature is not present in the model; the model has "
                + Quoted.list(signatures.keySet()));
      }
      return s;
    }
    if (defaultSignature == null) {
      throw new InvalidRequestException(
          "the request names no signature and the model has no default one; expected one of "
              + Quoted.list(signatures.keySet()) + " (G1/G2: model_spec.signature_name; G3 requests cannot name one)");
    }
    return defaultSignature;
  }

  @Override
  public String toString() {
    return "Contract{" + (modelName.isEmpty() ? "" : modelName + ", ") + signatures.values() + "}";
  }
}
