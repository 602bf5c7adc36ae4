package org.modelrt.contract.io;

/** Bytes that are not a well-formed protobuf message; the message says what and at which byte offset (0-based). */
final class MalformedWireException extends Exception {
  private static final long serialVersionUID = 1L;

  MalformedWireException(String message) {
    super(message);
  }
}
