package org.modelrt.serving;

import org.modelrt.engine.LoadedModel;

/**
 * One call's hold on a model version: while it is open the version is not unloaded. Close it exactly once, when the
 * call no longer touches the model (after the response is encoded).
 */
public final class Lease implements AutoCloseable {
  private final ServableVersion version;

  Lease(ServableVersion version) {
    this.version = version;
  }

  /** The model's name as served (not as the caller spelled it). */
  public String model() {
    return version.model();
  }

  public long version() {
    return version.version();
  }

  public LoadedModel loaded() {
    return version.loaded();
  }

  /** The contract requests are validated against (TF Serving mode leaves shapes to the engine). */
  public org.modelrt.contract.Contract requests() {
    return version.requests();
  }

  @Override
  public void close() {
    version.release();
  }
}
