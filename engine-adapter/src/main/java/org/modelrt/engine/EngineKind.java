package org.modelrt.engine;

/**
 * The engines modelrt runs, each with the name DJL knows it by. Always passed to DJL explicitly: with several engines
 * on the classpath DJL would otherwise pick PyTorch for everything.
 *
 * <p>How inputs bind: TensorFlow by SavedModel signature key and ONNX Runtime by graph input name (every array is
 * named); PyTorch by position, in {@code forward}'s parameter order. Outputs are named by the contract on all three.
 */
public enum EngineKind {
  TENSORFLOW("TensorFlow"),
  PYTORCH("PyTorch"),
  ONNX_RUNTIME("OnnxRuntime");

  private final String djlName;

  EngineKind(String djlName) {
    this.djlName = djlName;
  }

  /** The engine name for {@code Criteria.optEngine}. */
  public String djlName() {
    return djlName;
  }
}
