package org.modelrt.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine thread counts one model runs with, resolved from {@link EngineOptions} (see its javadoc for the rule).
 *
 * @param intraOp threads inside one operation
 * @param interOp threads across independent operations
 */
record EngineThreads(int intraOp, int interOp) {
  /**
   * The DJL thread properties as the user gave them, read before modelrt sets PyTorch's (which it must do through
   * the same properties, before the engine starts), so that one model's counts never pass for the user's.
   */
  private static final Map<String, Integer> GIVEN = given();

  /** The counts for {@code engine}: the options' when set, else the engine's DJL property, else the default. */
  static EngineThreads resolve(EngineKind engine, EngineOptions options) {
    return resolve(engine, options, GIVEN);
  }

  /** As {@link #resolve(EngineKind, EngineOptions)}, with the user's DJL thread properties given. */
  static EngineThreads resolve(EngineKind engine, EngineOptions options, Map<String, Integer> given) {
    int cores = Runtime.getRuntime().availableProcessors();
    int defaultIntra = options.predictors() > 1 ? 1 : cores;
    return new EngineThreads(
        pick(options.intraOpThreads(), given.get(intraProperty(engine)), defaultIntra),
        pick(options.interOpThreads(), given.get(interProperty(engine)), 1));
  }

  /** The DJL system property for intra-op threads of {@code engine}. */
  static String intraProperty(EngineKind engine) {
    return switch (engine) {
      case PYTORCH -> "ai.djl.pytorch.num_threads";
      case TENSORFLOW -> "ai.djl.tensorflow.num_intraop_threads";
      case ONNX_RUNTIME -> "ai.djl.onnxruntime.num_threads";
    };
  }

  /** The DJL system property for inter-op threads of {@code engine}. */
  static String interProperty(EngineKind engine) {
    return switch (engine) {
      case PYTORCH -> "ai.djl.pytorch.num_interop_threads";
      case TENSORFLOW -> "ai.djl.tensorflow.num_interop_threads";
      case ONNX_RUNTIME -> "ai.djl.onnxruntime.num_interop_threads";
    };
  }

  private static int pick(int option, Integer given, int fallback) {
    if (option > 0) {
      return option;
    }
    return given != null && given > 0 ? given : fallback;
  }

  private static Map<String, Integer> given() {
    Map<String, Integer> given = new HashMap<>();
    for (EngineKind engine : EngineKind.values()) {
      for (String property : List.of(intraProperty(engine), interProperty(engine))) {
        Integer value = Integer.getInteger(property);
        if (value != null) {
          given.put(property, value);
        }
      }
    }
    return Map.copyOf(given);
  }
}
