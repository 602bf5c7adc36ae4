package org.modelrt.serving;

import org.modelrt.serving.ServingException.Code;

import java.util.concurrent.Semaphore;

/**
 * Bounds the predicts in flight at once; beyond the bound a call is refused at once (RESOURCE_EXHAUSTED) rather than
 * queued without limit. Thread-safe.
 */
final class InFlightLimit {
  /** A taken slot; closing it gives the slot back. */
  interface Permit extends AutoCloseable {
    @Override
    void close();
  }

  private final Semaphore slots;
  private final int max;

  InFlightLimit(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max in-flight predicts must be at least 1, got " + max);
    }
    this.slots = new Semaphore(max);
    this.max = max;
  }

  /**
   * Takes a slot.
   *
   * @throws ServingException RESOURCE_EXHAUSTED when all slots are taken
   */
  Permit acquire() {
    if (!slots.tryAcquire()) {
      throw new ServingException(Code.RESOURCE_EXHAUSTED, "the server is saturated: " + max
          + " predicts are in flight (the --max-in-flight limit); retry later");
    }
    return slots::release;
  }
}
