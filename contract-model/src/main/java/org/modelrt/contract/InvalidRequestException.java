package org.modelrt.contract;

/**
 * The caller sent something the model cannot take: an unknown signature, a missing or extra input, a wrong dtype or
 * shape, a malformed tensor. The server answers INVALID_ARGUMENT with this message and keeps serving.
 *
 * <p>Messages name the field, what was expected and what was received.
 */
public final class InvalidRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidRequestException(String message) {
    super(message);
  }
}
