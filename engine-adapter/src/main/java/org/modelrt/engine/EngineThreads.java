package org.modelrt.engine;

/**
 * The engine thread counts one model runs with, resolved from {@link EngineOptions} (see its javadoc for the rule).
 *
 * @param intraOp threads inside one operation
 * @param interOp threads across independent operations
 */
record EngineThreads(int intraOp, int interOp) {

  /** The counts for {@code engine}: the options' when set, else the engine's DJL property, else the default. */
  static EngineThreads resolve(EngineKind engine, EngineOptions options) {
    int cores = Runtime.getRuntime().availableProcessors();
    int defaultIntra = options.predictors() > 1 ? 1 : cores;
    return new EngineThreads(
        pick(options.intraOpThreads(), intraProperty(engine), defaultIntra),
        pick(options.interOpThreads(), interProperty(engine), 1));
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

  private static int pick(int option, String property, int fallback) {
    if (option > 0) {
      return option;
    }
    Integer fromProperty = Integer.getInteger(property);
    return fromProperty != null && fromProperty > 0 ? fromProperty : fallback;
  }
}
