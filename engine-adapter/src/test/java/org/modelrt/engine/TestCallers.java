package org.modelrt.engine;

import java.util.concurrent.atomic.AtomicBoolean;

/** Callers for tests: one that gives up when told, one with a deadline. */
final class TestCallers {
  private TestCallers() {}

  /** A caller without a deadline that gives up once {@code cancelled} is set. */
  static CallerDeadline cancellable(AtomicBoolean cancelled) {
    return new CallerDeadline() {
      @Override
      public long nanosLeft() {
        return Long.MAX_VALUE;
      }

      @Override
      public boolean gaveUp() {
        return cancelled.get();
      }
    };
  }

  /** A caller whose deadline is {@code millis} from now. */
  static CallerDeadline deadlineIn(long millis) {
    long deadline = System.nanoTime() + millis * 1_000_000;
    return new CallerDeadline() {
      @Override
      public long nanosLeft() {
        return deadline - System.nanoTime();
      }

      @Override
      public boolean gaveUp() {
        return nanosLeft() <= 0;
      }
    };
  }
}
