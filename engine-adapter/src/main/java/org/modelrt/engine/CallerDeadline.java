package org.modelrt.engine;

/**
 * What the engine needs to know of the call one predict serves: how long it may still wait for a free predictor,
 * and whether it was given up. Checked once a predictor is borrowed, right before the engine runs, so that a call
 * cancelled (or past its deadline) while it queued for a predictor never costs engine time.
 *
 * <p>Implementations must be thread-safe; the server's reads the gRPC call's context.
 */
public interface CallerDeadline {

  /** A caller that waits as long as the pool allows and never gives up (warmup, benchmarks, tests). */
  CallerDeadline NONE = new CallerDeadline() {
    @Override
    public long nanosLeft() {
      return Long.MAX_VALUE;
    }

    @Override
    public boolean gaveUp() {
      return false;
    }
  };

  /** Nanoseconds before the caller's deadline; {@link Long#MAX_VALUE} without one, 0 or less once it passed. */
  long nanosLeft();

  /** Whether the caller cancelled the call or its deadline passed. */
  boolean gaveUp();

  /** Throws {@link #abandoned()} when the caller gave up. */
  default void throwIfGaveUp() {
    if (gaveUp()) {
      throw abandoned();
    }
  }

  /** The exception for a call given up before the engine ran: deadline or cancellation, by {@link #nanosLeft()}. */
  default CallAbandonedException abandoned() {
    return new CallAbandonedException(nanosLeft() <= 0);
  }
}
