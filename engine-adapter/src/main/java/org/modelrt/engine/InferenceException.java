package org.modelrt.engine;

/**
 * The engine failed on a request that passed validation: our fault, not the caller's (INTERNAL), unless it is an
 * {@link InputRefusedException} (the engine refused the caller's inputs).
 */
public class InferenceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InferenceException(String message) {
    super(message);
  }

  public InferenceException(String message, Throwable cause) {
    super(message, cause);
  }
}
