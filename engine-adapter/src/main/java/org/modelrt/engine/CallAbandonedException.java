package org.modelrt.engine;

/**
 * The caller cancelled the call, or its deadline passed, before the model ran; the model was not run. The server
 * answers CANCELLED or DEADLINE_EXCEEDED.
 */
public final class CallAbandonedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean deadlineExpired;

  /** @param deadlineExpired whether the deadline passed (rather than the caller cancelling) */
  public CallAbandonedException(boolean deadlineExpired) {
    super(deadlineExpired ? "the deadline expired before the model ran" : "the call was cancelled before the model ran");
    this.deadlineExpired = deadlineExpired;
  }

  /** Whether the deadline passed (rather than the caller cancelling). */
  public boolean deadlineExpired() {
    return deadlineExpired;
  }
}
