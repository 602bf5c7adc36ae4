package org.modelrt.serving;

/**
 * The one typed error the core gives its fronts: a {@link Code} (the gRPC code space, which TF Serving and the
 * Open Inference Protocol also use) and a message a client may read. Each front turns it into its own status once
 * (a gRPC status, an HTTP status with {@code {"error": ...}}). Messages are cut at {@link #MAX_MESSAGE} characters.
 *
 * <p>Immutable. It carries no stack trace: it is a value on the request path, not a bug report.
 */
public final class ServingException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** The longest message a client is given (TF Serving cuts its descriptions at 1 KiB too). */
  public static final int MAX_MESSAGE = 1024;

  /** Why a call failed, in the code space every front maps from. */
  public enum Code {
    /** The caller's request is wrong (unknown signature, inputs, dtype, shape, malformed tensor). */
    INVALID_ARGUMENT,
    /** The model, version or label the caller named is not served. */
    NOT_FOUND,
    /** The request is well-formed but the model cannot answer it in its present form (e.g. no such signature kind). */
    FAILED_PRECONDITION,
    /** Nothing can serve the call now: loading, failed to load, unloading, shutting down. */
    UNAVAILABLE,
    /** Too many calls in flight, a message over a limit, memory. The caller may retry later. */
    RESOURCE_EXHAUSTED,
    /** The caller cancelled before the model ran. */
    CANCELLED,
    /** The caller's deadline passed before the model ran. */
    DEADLINE_EXCEEDED,
    /** The method is not offered by this server. */
    UNIMPLEMENTED,
    /** Ours: an engine failure or a bug. */
    INTERNAL
  }

  private final Code code;

  public ServingException(Code code, String message) {
    super(bounded(message), null, false, false);
    this.code = code;
  }

  public Code code() {
    return code;
  }

  private static String bounded(String message) {
    String m = message == null ? "" : message;
    return m.length() <= MAX_MESSAGE ? m : m.substring(0, MAX_MESSAGE - 3) + "...";
  }
}
