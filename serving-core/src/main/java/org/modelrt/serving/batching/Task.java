package org.modelrt.serving.batching;

import ai.djl.ndarray.NDList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.modelrt.contract.Signature;
import org.modelrt.engine.CallerDeadline;

/**
 * One caller's rows, queued for a batch. Its inputs stay in the caller's request scope, which the caller keeps open
 * while it waits. Exactly one of the batch thread ({@link #start}) and the caller ({@link #withdraw}) wins the task:
 * a withdrawn task's rows are never run. Thread-safe.
 */
final class Task {
  private static final int QUEUED = 0;
  private static final int RUNNING = 1;
  private static final int WITHDRAWN = 2;

  final BatchKey key;
  final Signature signature;
  final NDList inputs;
  final long rows;
  final CallerDeadline caller;
  /** Completed with the caller's rows of every output, or the batch's failure. */
  final CompletableFuture<List<OutputRows>> result = new CompletableFuture<>();
  private final AtomicInteger state = new AtomicInteger(QUEUED);

  Task(BatchKey key, Signature signature, NDList inputs, CallerDeadline caller) {
    this.key = key;
    this.signature = signature;
    this.inputs = inputs;
    this.rows = inputs.get(0).getShape().get(0);
    this.caller = caller;
  }

  /** Claims the task for a batch about to run; false once the caller withdrew it. */
  boolean start() {
    return state.compareAndSet(QUEUED, RUNNING);
  }

  /** Takes the task back before any batch ran it; false once a batch has it. */
  boolean withdraw() {
    return state.compareAndSet(QUEUED, WITHDRAWN);
  }
}
