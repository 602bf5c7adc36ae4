package org.modelrt.engine;

import ai.djl.ndarray.NDList;
import ai.onnxruntime.OrtException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.modelrt.contract.Field;
import org.modelrt.contract.Shape;
import org.modelrt.contract.Signature;
import org.tensorflow.exceptions.TFInvalidArgumentException;

/**
 * Tells an engine failure the caller caused from one that is ours, by each engine's own signal (docs/engines.md,
 * "Inputs the engine refuses"): TensorFlow's INVALID_ARGUMENT status, ONNX Runtime's ORT_INVALID_ARGUMENT code, and
 * for TorchScript, which has no status codes, an input whose shape is not the one the model declares. Stateless.
 */
final class InputRefusals {
  /** ONNX Runtime's prefix before its reason: {@code Error code - ORT_INVALID_ARGUMENT - message: }. */
  private static final Pattern ORT_PREFIX = Pattern.compile("^Error code - \\w+ - message: ");

  private InputRefusals() {}

  /**
   * {@code failure} as an {@link InputRefusedException} when the engine refused the inputs, otherwise unchanged.
   *
   * @param declared the signature as the model declares it (not a relaxed one requests were checked against)
   * @param inputs the caller's arrays, in the signature's input order, as they were before the engine saw them
   */
  static InferenceException classify(EngineKind engine, Signature declared, NDList inputs,
      InferenceException failure) {
    Optional<InputRefusedException.Offender> offender = offender(declared, inputs);
    Optional<String> reason = switch (engine) {
      case TENSORFLOW -> cause(failure, TFInvalidArgumentException.class).map(Throwable::getMessage);
      case ONNX_RUNTIME -> cause(failure, OrtException.class)
          .filter(e -> e.getCode() == OrtException.OrtErrorCode.ORT_INVALID_ARGUMENT)
          .map(e -> ORT_PREFIX.matcher(String.valueOf(e.getMessage())).replaceFirst(""));
      // TorchScript raises one RuntimeError for a model's bug and a caller's shape alike: only the shape tells
      case PYTORCH -> offender.map(o -> rootMessage(failure));
    };
    if (reason.isEmpty()) {
      return failure;
    }
    return new InputRefusedException(failure.getMessage(), failure.getCause(), offender.orElse(null),
        String.valueOf(reason.get()));
  }

  /** The first input whose array does not have the shape the model declares for it. */
  private static Optional<InputRefusedException.Offender> offender(Signature declared, NDList inputs) {
    for (int i = 0; i < Math.min(declared.inputs().size(), inputs.size()); i++) {
      Field field = declared.inputs().get(i);
      long[] received = inputs.get(i).getShape().getShape();
      if (!field.isMap() && !field.shape().accepts(received)) {
        return Optional.of(new InputRefusedException.Offender(field.name(), Shape.format(received),
            field.shape().toString()));
      }
    }
    return Optional.empty();
  }

  private static <T extends Throwable> Optional<T> cause(Throwable failure, Class<T> type) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return Optional.of(type.cast(t));
      }
    }
    return Optional.empty();
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage());
  }
}
