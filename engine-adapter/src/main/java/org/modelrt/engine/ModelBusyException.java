package org.modelrt.engine;

/**
 * Every predictor of a signature stayed busy for the whole borrow timeout: the model is saturated, nothing failed.
 * The server answers RESOURCE_EXHAUSTED (or UNAVAILABLE) so the client can back off and retry.
 */
public final class ModelBusyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ModelBusyException(String message) {
    super(message);
  }
}
