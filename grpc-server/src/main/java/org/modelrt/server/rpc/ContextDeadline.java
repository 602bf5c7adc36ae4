package org.modelrt.server.rpc;

import io.grpc.Context;
import io.grpc.Deadline;
import java.util.concurrent.TimeUnit;
import org.modelrt.engine.CallerDeadline;

/**
 * The gRPC call a handler thread serves, as the engine sees it: its deadline and whether it was cancelled. The
 * predictor pool waits no longer than the deadline and does not run a call given up meanwhile.
 */
final class ContextDeadline implements CallerDeadline {
  private final Context context;

  private ContextDeadline(Context context) {
    this.context = context;
  }

  /** The call of the current thread. */
  static ContextDeadline current() {
    return new ContextDeadline(Context.current());
  }

  @Override
  public long nanosLeft() {
    Deadline deadline = context.getDeadline();
    return deadline == null ? Long.MAX_VALUE : deadline.timeRemaining(TimeUnit.NANOSECONDS);
  }

  @Override
  public boolean gaveUp() {
    return context.isCancelled();
  }
}
