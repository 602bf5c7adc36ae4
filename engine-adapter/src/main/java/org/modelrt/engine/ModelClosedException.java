package org.modelrt.engine;

/**
 * A call reached a model that is closing or closed (unloaded, replaced by a new version, or the server shutting
 * down): the engine did not run it, and nothing is wrong with the request or the model. The server answers
 * UNAVAILABLE so the client retries, as for a model not yet ready. An {@link IllegalStateException} so that callers
 * written against the earlier contract of {@link LoadedModel#predict} still catch it.
 */
public final class ModelClosedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public ModelClosedException(String message) {
    super(message);
  }
}
