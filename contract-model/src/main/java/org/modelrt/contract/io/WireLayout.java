package org.modelrt.contract.io;

/** The binary layouts of contract.protobin found in the wild (docs/hydrosphere-upstream.md, "Contract layouts"). */
enum WireLayout {
  /** Nov 2017 (package hydroserving.contract): ModelField{field_name = 1, type = 2, shape = 3}. */
  L0("L0 (Nov 2017, field_name/type/shape)"),
  /** Protos 0.0.5-0.0.15: ModelField{field_name = 1, oneof {subfields = 2, TensorInfo info = 3}}. */
  L1("L1 (protos 0.0.x, TensorInfo)"),
  /** Protos 0.1.x-2.x: ModelContract of ModelSignature, ModelField{name, shape, oneof {subfields, dtype}}. */
  L2("L2 (protos 0.1.x-2.x, ModelContract)"),
  /** Protos 3.x: a bare hydrosphere.serving.contract.ModelSignature, no ModelContract around it. */
  L3("L3 (protos 3.x, bare ModelSignature)");

  private final String description;

  WireLayout(String description) {
    this.description = description;
  }

  @Override
  public String toString() {
    return description;
  }
}
