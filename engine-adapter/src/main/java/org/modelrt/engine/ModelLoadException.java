package org.modelrt.engine;

/**
 * The model could not be loaded: no or several engine candidates, unreadable files, a contract that does not match
 * the model, a failed warmup. The message is for humans and is what the server reports as NOT_SERVING.
 */
public final class ModelLoadException extends Exception {
  private static final long serialVersionUID = 1L;

  public ModelLoadException(String message) {
    super(message);
  }

  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
