package org.modelrt.server.rpc;

/** Too many predicts in flight to take another one now (RESOURCE_EXHAUSTED; the caller may retry). */
final class SaturatedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  SaturatedException(String message) {
    super(message);
  }
}
