package org.modelrt.server.rpc;

/** No model to run a request on: loading, failed to load, or shutting down (UNAVAILABLE, with the reason). */
final class NotReadyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  NotReadyException(String message) {
    super(message);
  }
}
