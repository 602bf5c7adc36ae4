package org.modelrt.serving.batching;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.modelrt.contract.Contract;
import org.modelrt.contract.Signature;
import org.modelrt.engine.CallAbandonedException;
import org.modelrt.engine.CallerDeadline;
import org.modelrt.engine.EngineKind;
import org.modelrt.engine.InferenceException;
import org.modelrt.engine.LoadedModel;
import org.modelrt.serving.observe.ServingMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link LoadedModel} whose concurrent calls are batched: a call of a batch-major signature ({@link
 * BatchMajorProbe}) with at most max_batch_size rows is queued ({@link BatchQueue}), run with others of the same
 * {@link BatchKey} by a batch thread ({@link BatchRun}), and answered with its own rows, as arrays of its own request
 * scope. Other calls run alone, as they would unbatched. A caller waits for its rows until its deadline; one that
 * gives up while queued is answered at once (within {@link #POLL_NANOS} for a cancellation) and its rows never run.
 *
 * <p>Thread-safe. Owns the model it wraps and its batch threads; {@link #close()} refuses new calls, lets the batch
 * threads drain the queue, then closes the model.
 */
final class BatchingModel implements LoadedModel {
  private static final Logger log = LoggerFactory.getLogger(BatchingModel.class);
  /** How often a queued caller looks whether it was cancelled (a deadline wakes it exactly). */
  static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  private static final long CLOSE_WAIT_MILLIS = 60_000;
  private static final AtomicLong SEQUENCE = new AtomicLong();

  private final LoadedModel model;
  private final BatchingConfig config;
  private final Set<String> batched;
  private final BatchQueue queue;
  private final List<Thread> threads = new ArrayList<>();
  private final String name;
  private final LongAdder batchedCalls = new LongAdder();
  private final LongAdder batches = new LongAdder();
  private final ReentrantReadWriteLock inFlight = new ReentrantReadWriteLock();

  BatchingModel(LoadedModel model, BatchingConfig config, Set<String> batched, String name, ThreadFactory factory) {
    this.model = model;
    this.config = config;
    this.batched = Set.copyOf(batched);
    this.queue = new BatchQueue(config, name);
    this.name = name;
    for (int i = 0; i < config.numBatchThreads(); i++) {
      Thread thread = factory.newThread(this::runBatches);
      threads.add(thread);
      thread.start();
    }
  }

  /** Batches {@code model}'s batch-major signatures, logging each one left unbatched and why. */
  static BatchingModel over(LoadedModel model, BatchingConfig config, String name) {
    List<String> batchable = new ArrayList<>();
    for (Signature signature : model.contract().signatures()) {
      String why = BatchMajorProbe.whyNot(model, signature);
      if (why == null) {
        batchable.add(signature.name());
      } else {
        log.info("Signature '{}' of {} is not batched: {}", signature.name(), name, why);
      }
    }
    long id = SEQUENCE.incrementAndGet();
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    return new BatchingModel(model, config, Set.copyOf(batchable), name, r -> {
      Thread t = new Thread(r, "modelrt-batch-" + id + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** The signatures whose calls are batched. */
  Set<String> batchedSignatures() {
    return batched;
  }

  /** Batches waiting for a batch thread; for tests. */
  int queuedBatches() {
    return queue.waiting();
  }

  /** Calls waiting in the queued batches; for tests. */
  int queuedCalls() {
    return queue.waitingCalls();
  }

  @Override
  public Contract contract() {
    return model.contract();
  }

  @Override
  public EngineKind engine() {
    return model.engine();
  }

  @Override
  public NDManager newRequestScope() {
    return model.newRequestScope();
  }

  @Override
  public NDList predict(Signature signature, NDList inputs, CallerDeadline caller) {
    BatchKey key = batched.contains(signature.name())
        ? BatchKey.of(signature.name(), inputs, config.padVariableLengthInputs()) : null;
    long rows = key == null ? 0 : inputs.get(0).getShape().get(0);
    if (key == null || (rows > config.maxBatchSize() && !config.splitsLargeCalls())) {
      return model.predict(signature, inputs, caller); // alone, as without batching
    }
    inFlight.readLock().lock(); // close() waits for it: the caller's scope dies with the model
    try {
      Task task = Task.of(key, signature, inputs, caller);
      if (rows > config.maxBatchSize()) {
        return arrays(SplitCall.run(task, config.maxBatchSize(), queue), inputs.get(0).getManager());
      }
      queue.offer(task);
      return arrays(await(task), inputs.get(0).getManager());
    } finally {
      inFlight.readLock().unlock();
    }
  }

  /** The task's rows once a batch ran them; throws what the batch threw, or that the caller gave up. */
  static List<OutputRows> await(Task task) {
    while (true) {
      long left = task.caller.nanosLeft();
      try {
        if (left > 0) {
          return task.result.get(Math.min(left, POLL_NANOS), TimeUnit.NANOSECONDS);
        }
      } catch (TimeoutException e) {
        // look whether the caller gave up, below
      } catch (ExecutionException e) {
        throw rethrown(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        if (task.withdraw()) {
          throw new CallAbandonedException(false);
        }
        return joined(task);
      }
      if (task.caller.gaveUp() && task.withdraw()) {
        throw task.caller.abandoned();
      }
      if (left <= 0) { // a batch already runs its rows: they are the caller's, late or not
        return joined(task);
      }
    }
  }

  private static List<OutputRows> joined(Task task) {
    try {
      return task.result.join(); // uninterruptible: the batch runs the rows anyway
    } catch (java.util.concurrent.CompletionException e) {
      throw rethrown(e.getCause());
    }
  }

  private static RuntimeException rethrown(Throwable failure) {
    if (failure instanceof RuntimeException e) {
      return e;
    }
    if (failure instanceof Error e) {
      throw e;
    }
    return new InferenceException(String.valueOf(failure.getMessage()), failure);
  }

  /** The rows as arrays of the caller's scope, which also keeps their bytes reachable until it closes. */
  private static NDList arrays(List<OutputRows> rows, NDManager scope) {
    NDList outputs = new NDList(rows.size());
    for (OutputRows r : rows) {
      NDArray array = scope.create(r.data(), r.shape(), r.type());
      array.setName(r.name());
      outputs.add(array);
    }
    scope.attachInternal("modelrt-batch-rows-" + SEQUENCE.incrementAndGet(), () -> rows.size());
    return outputs;
  }

  private void runBatches() {
    while (true) {
      BatchQueue.Batch batch;
      try {
        batch = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (batch == null) {
        return;
      }
      int calls = BatchRun.run(model, config, batch);
      if (calls > 0) {
        batchedCalls.add(calls);
        batches.increment();
        ServingMetrics.global().batchRan(name, calls); // the runtime's metrics registry (the one /metrics serves)
      }
    }
  }

  @Override
  public void close() {
    queue.close();
    long until = System.currentTimeMillis() + CLOSE_WAIT_MILLIS;
    for (Thread thread : threads) {
      try {
        thread.join(Math.max(1, until - System.currentTimeMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    boolean drained = false;
    try { // the queued callers have their rows; let them make their arrays before their scopes close
      drained = inFlight.writeLock().tryLock(Math.max(1, until - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
      if (!drained) {
        log.warn("{}: batched calls still running after {} s; closing the model under them", name,
            CLOSE_WAIT_MILLIS / 1000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    long n = batches.sum();
    log.info("{}: {} calls batched into {} engine calls ({} calls per batch on average)", name, batchedCalls.sum(),
        n, n == 0 ? 0 : String.format("%.1f", (double) batchedCalls.sum() / n));
    try {
      model.close();
    } finally {
      if (drained) {
        inFlight.writeLock().unlock(); // later calls are refused by the closed queue, or fail on the closed model
      }
    }
  }
}
