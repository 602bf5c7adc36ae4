package org.modelrt.engine;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.translate.TranslateException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A fixed set of predictors for one signature, each used by one call at a time (a DJL Predictor is not thread-safe).
 *
 * <p>A call borrows a predictor and blocks until one is free, for at most the borrow timeout or its caller's
 * deadline, whichever ends first. Blocking rather than failing fast: engine calls on small models take microseconds,
 * so a burst wider than the pool is served a moment later instead of being rejected; the timeout still sheds load
 * when the engine is stuck or the host saturated ({@link ModelBusyException}). A call whose caller gave up while it
 * waited is not run ({@link CallAbandonedException}). The most recently returned predictor goes next (its memory is
 * the warmest).
 *
 * <p>Thread-safe. {@link #close()} wakes the calls waiting for a predictor (they fail with
 * {@link ModelClosedException}), closes the idle predictors at once and each busy one when its call returns.
 */
final class PredictorPool implements InferenceRunner {
  private final String signature;
  private final int size;
  private final long timeoutNanos;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition returned = lock.newCondition();
  private final ArrayDeque<Predictor<NDList, NDList>> idle; // guarded by lock
  private boolean closed; // guarded by lock

  /**
   * @param signature the signature name, for messages
   * @param size how many predictors
   * @param factory makes one predictor
   * @param borrowTimeout how long a call waits for a free predictor
   */
  PredictorPool(String signature, int size, Supplier<Predictor<NDList, NDList>> factory, Duration borrowTimeout) {
    this.signature = signature;
    this.size = size;
    this.timeoutNanos = borrowTimeout.toNanos();
    this.idle = new ArrayDeque<>(size);
    for (int i = 0; i < size; i++) {
      idle.push(factory.get());
    }
  }

  @Override
  public NDList run(NDList inputs, CallerDeadline caller) {
    Predictor<NDList, NDList> predictor = borrow(caller);
    try {
      caller.throwIfGaveUp();
      return predict(predictor, inputs);
    } finally {
      giveBack(predictor);
    }
  }

  private NDList predict(Predictor<NDList, NDList> predictor, NDList inputs) {
    try {
      return predictor.predict(inputs);
    } catch (TranslateException | RuntimeException e) {
      throw new InferenceException("signature '" + signature + "': the engine failed: " + rootMessage(e), e);
    }
  }

  private Predictor<NDList, NDList> borrow(CallerDeadline caller) {
    long wait = Math.min(timeoutNanos, caller.nanosLeft());
    lock.lock();
    try {
      while (!closed && idle.isEmpty()) {
        if (wait <= 0) {
          throw caller.gaveUp() ? caller.abandoned() : busy();
        }
        wait = returned.awaitNanos(wait);
      }
      if (closed) {
        throw new ModelClosedException("signature '" + signature + "': the model is closed");
      }
      return idle.pop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InferenceException("signature '" + signature + "': interrupted while waiting for a predictor", e);
    } finally {
      lock.unlock();
    }
  }

  private ModelBusyException busy() {
    return new ModelBusyException("signature '" + signature + "': all " + size + " predictors stayed busy for "
        + Duration.ofNanos(timeoutNanos));
  }

  private void giveBack(Predictor<NDList, NDList> predictor) {
    lock.lock();
    try {
      if (closed) {
        predictor.close();
      } else {
        idle.push(predictor);
        returned.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      idle.forEach(Predictor::close);
      idle.clear();
      returned.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root.getMessage() + ")";
  }
}
