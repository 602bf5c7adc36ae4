package org.modelrt.contract;

/**
 * The caller sent something the model cannot take: an unknown signature, a missing or extra input, a wrong dtype or
 * shape, a malformed tensor. The server answers INVALID_ARGUMENT with this message and keeps serving.
 *
 * <p>Messages name the field, what was expected and what was received; caller input in them is quoted through
 * {@link Quoted}, and the whole message is bounded by {@link Quoted#detail}.
 */
public final class InvalidRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidRequestException(String message) {
    super(Quoted.detail(message)); // bounded whatever it quotes: it goes back to the caller
  }
}
