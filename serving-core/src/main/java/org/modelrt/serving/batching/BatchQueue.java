package org.modelrt.serving.batching;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.modelrt.serving.ServingException;

/**
 * The batches of one model version waiting for a batch thread, in the order they were opened (TF Serving's queue:
 * a task joins the open batch of its key while it fits, else opens a new one; at most max_enqueued_batches wait).
 * A batch is ready once it is full, its first task has waited batch_timeout_micros, or the queue is closing; batch
 * threads take the oldest ready one. Thread-safe: one lock, held for a queue operation only.
 */
final class BatchQueue {
  /** Tasks of one key that run in one engine call. Guarded by the queue's lock while queued. */
  static final class Batch {
    final BatchKey key;
    final List<Task> tasks = new ArrayList<>();
    final long openedNanos;
    long rows;
    boolean sealed;

    Batch(BatchKey key, long openedNanos) {
      this.key = key;
      this.openedNanos = openedNanos;
    }
  }

  private final long maxRows;
  private final long timeoutNanos;
  private final long maxBatches;
  private final String model;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<Batch> batches = new ArrayDeque<>(); // guarded by lock
  private boolean closed; // guarded by lock

  BatchQueue(BatchingConfig config, String model) {
    this.maxRows = config.maxBatchSize();
    this.timeoutNanos = TimeUnit.MICROSECONDS.toNanos(config.batchTimeoutMicros());
    this.maxBatches = config.maxEnqueuedBatches();
    this.model = model;
  }

  /**
   * Queues a task of at most max_batch_size rows.
   *
   * @throws ServingException UNAVAILABLE when it needs a new batch and the queue is full, or the queue is closed
   */
  void offer(Task task) {
    lock.lock();
    try {
      if (closed) {
        throw new ServingException(ServingException.Code.UNAVAILABLE, model + " is shutting down");
      }
      for (Iterator<Batch> it = batches.descendingIterator(); it.hasNext(); ) {
        Batch b = it.next();
        if (!b.sealed && b.key.equals(task.key)) {
          if (b.rows + task.rows <= maxRows) {
            add(b, task);
            return;
          }
          b.sealed = true; // the next task of its key would not fit either: let it run
          changed.signal();
          break;
        }
      }
      if (batches.size() >= maxBatches) {
        throw new ServingException(ServingException.Code.UNAVAILABLE, "the batch queue of " + model + " is full ("
            + maxBatches + " batches waiting, max_enqueued_batches)");
      }
      Batch opened = new Batch(task.key, System.nanoTime());
      batches.addLast(opened);
      add(opened, task);
      changed.signal();
    } finally {
      lock.unlock();
    }
  }

  private void add(Batch batch, Task task) {
    batch.tasks.add(task);
    batch.rows += task.rows;
    if (batch.rows == maxRows) {
      batch.sealed = true;
      changed.signal();
    }
  }

  /** The oldest ready batch, waiting for one; {@code null} once the queue is closed and empty. */
  Batch take() throws InterruptedException {
    lock.lock();
    try {
      while (true) {
        long now = System.nanoTime();
        long wait = Long.MAX_VALUE;
        for (Iterator<Batch> it = batches.iterator(); it.hasNext(); ) {
          Batch b = it.next();
          long left = b.openedNanos + timeoutNanos - now;
          if (b.sealed || closed || left <= 0) {
            it.remove();
            if (!batches.isEmpty()) {
              changed.signal(); // another thread may find the next one ready
            }
            return b;
          }
          wait = Math.min(wait, left);
        }
        if (closed) {
          return null;
        }
        if (wait == Long.MAX_VALUE) {
          changed.await();
        } else {
          changed.awaitNanos(wait);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** Batches waiting for a thread; for tests. */
  int waiting() {
    lock.lock();
    try {
      return batches.size();
    } finally {
      lock.unlock();
    }
  }

  /** Calls waiting in those batches; for tests. */
  int waitingCalls() {
    lock.lock();
    try {
      return batches.stream().mapToInt(b -> b.tasks.size()).sum();
    } finally {
      lock.unlock();
    }
  }

  /** Takes no more tasks; the batches queued become ready at once (they are drained, not dropped). */
  void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
