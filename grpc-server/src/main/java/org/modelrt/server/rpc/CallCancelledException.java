package org.modelrt.server.rpc;

import io.grpc.Context;
import java.util.concurrent.TimeoutException;

/** The caller cancelled the call or its deadline expired before the model ran; the model is not run. */
final class CallCancelledException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean deadlineExpired;

  private CallCancelledException(boolean deadlineExpired) {
    super(deadlineExpired ? "the deadline expired before the model ran" : "the call was cancelled before the model ran");
    this.deadlineExpired = deadlineExpired;
  }

  /** Whether the deadline expired (rather than the caller cancelling). */
  boolean deadlineExpired() {
    return deadlineExpired;
  }

  /** Throws when the current call's context is cancelled. */
  static void throwIfCancelled() {
    Context context = Context.current();
    if (context.isCancelled()) {
      throw new CallCancelledException(context.cancellationCause() instanceof TimeoutException);
    }
  }
}
