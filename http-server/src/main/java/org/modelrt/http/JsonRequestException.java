package org.modelrt.http;

/**
 * A request body that cannot be turned into tensors, with TF Serving's message (json_tensor.cc) naming the value, the
 * expected and the received. {@link #unimplemented} is for a dtype JSON cannot carry (TF Serving's UNIMPLEMENTED).
 * A value on the request path: no stack trace.
 */
final class JsonRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final boolean unimplemented;

  JsonRequestException(String message) {
    this(message, false);
  }

  private JsonRequestException(String message, boolean unimplemented) {
    super(message, null, false, false);
    this.unimplemented = unimplemented;
  }

  static JsonRequestException unimplemented(String message) {
    return new JsonRequestException(message, true);
  }

  boolean isUnimplemented() {
    return unimplemented;
  }
}
