package org.modelrt.http;

import java.time.Duration;

/** The REST calls being answered, so that a drain can wait for them. Thread-safe. */
final class InFlight {
  private int calls;

  synchronized void begin() {
    calls++;
  }

  synchronized void end() {
    if (--calls == 0) {
      notifyAll();
    }
  }

  /** Waits until no call is in flight or {@code grace} passed; whether none is left. */
  synchronized boolean awaitNone(Duration grace) throws InterruptedException {
    long end = System.nanoTime() + grace.toNanos();
    for (long left = grace.toNanos(); calls > 0 && left > 0; left = end - System.nanoTime()) {
      wait(Math.max(1, left / 1_000_000));
    }
    return calls == 0;
  }
}
