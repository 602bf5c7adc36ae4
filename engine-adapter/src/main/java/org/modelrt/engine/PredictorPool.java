package org.modelrt.engine;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.translate.TranslateException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A fixed set of predictors for one signature, each used by one call at a time (a DJL Predictor is not thread-safe).
 *
 * <p>A call borrows a predictor and blocks until one is free, for at most the borrow timeout, then fails with
 * {@link ModelBusyException}. Blocking rather than failing fast: engine calls on small models take microseconds, so a
 * burst wider than the pool is served a moment later instead of being rejected; the timeout still sheds load when the
 * engine is stuck or the host saturated, instead of piling up request threads forever.
 *
 * <p>Thread-safe. {@link #close()} closes the idle predictors at once and each busy one when it comes back; a call
 * after close fails with {@link IllegalStateException}.
 */
final class PredictorPool implements InferenceRunner {
  private final String signature;
  private final BlockingQueue<Predictor<NDList, NDList>> idle;
  private final int size;
  private final long timeoutNanos;
  private volatile boolean closed;

  /**
   * @param signature the signature name, for messages
   * @param size how many predictors
   * @param factory makes one predictor
   * @param borrowTimeout how long a call waits for a free predictor
   */
  PredictorPool(String signature, int size, Supplier<Predictor<NDList, NDList>> factory, Duration borrowTimeout) {
    this.signature = signature;
    this.idle = new ArrayBlockingQueue<>(size);
    this.size = size;
    for (int i = 0; i < size; i++) {
      idle.add(factory.get());
    }
    this.timeoutNanos = borrowTimeout.toNanos();
  }

  @Override
  public NDList run(NDList inputs) {
    Predictor<NDList, NDList> predictor = borrow();
    try {
      return predictor.predict(inputs);
    } catch (TranslateException | RuntimeException e) {
      throw new InferenceException("signature '" + signature + "': the engine failed: " + rootMessage(e), e);
    } finally {
      giveBack(predictor);
    }
  }

  private Predictor<NDList, NDList> borrow() {
    if (closed) {
      throw new IllegalStateException("the model is closed");
    }
    try {
      Predictor<NDList, NDList> predictor = idle.poll(timeoutNanos, TimeUnit.NANOSECONDS);
      if (predictor == null && closed) {
        throw new IllegalStateException("the model is closed");
      }
      if (predictor == null) {
        throw new ModelBusyException(
            "signature '" + signature + "': all " + size + " predictors stayed busy for "
                + Duration.ofNanos(timeoutNanos));
      }
      return predictor;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InferenceException("signature '" + signature + "': interrupted while waiting for a predictor", e);
    }
  }

  /** Returns a predictor; when the pool closed meanwhile, the re-check after the add closes it (no lock needed). */
  private void giveBack(Predictor<NDList, NDList> predictor) {
    idle.add(predictor);
    if (closed) {
      closeIdle();
    }
  }

  @Override
  public void close() {
    closed = true;
    closeIdle();
  }

  private void closeIdle() {
    Predictor<NDList, NDList> predictor;
    while ((predictor = idle.poll()) != null) {
      predictor.close();
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
