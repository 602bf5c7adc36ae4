package org.modelrt.engine;

/** The engines modelrt runs, each with the name DJL knows it by. Always passed to DJL explicitly. */
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
