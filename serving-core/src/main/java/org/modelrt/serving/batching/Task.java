package org.modelrt.serving.batching;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.modelrt.contract.Signature;
import org.modelrt.engine.CallerDeadline;

/**
 * One caller's rows (or a slice of them, when a large call is split), queued for a batch: the bytes of each input,
 * read on the caller's thread. They may be views of the caller's arrays, which stay in its request scope, open while
 * it waits. Exactly one of the batch thread ({@link #start}) and the caller ({@link #withdraw}) wins the task:
 * a withdrawn task's rows are never run. Thread-safe.
 */
final class Task {
  private static final int QUEUED = 0;
  private static final int RUNNING = 1;
  private static final int WITHDRAWN = 2;

  final BatchKey key;
  final Signature signature;
  /** Each input's bytes, {@code rows} rows of {@link #rowBytes} each, in the signature's order. */
  final List<ByteBuffer> inputs;
  /** Each input's shape without its first dimension (the key's, unless the key is padded). */
  final List<Shape> rowShapes;
  /** Each input's name, for the batch's arrays. */
  final List<String> names;
  final long rows;
  final CallerDeadline caller;
  /** Completed with the caller's rows of every output, or the batch's failure. */
  final CompletableFuture<List<OutputRows>> result = new CompletableFuture<>();
  private final AtomicInteger state = new AtomicInteger(QUEUED);

  Task(BatchKey key, Signature signature, List<ByteBuffer> inputs, List<Shape> rowShapes, List<String> names,
      long rows, CallerDeadline caller) {
    this.key = key;
    this.signature = signature;
    this.inputs = inputs;
    this.rowShapes = rowShapes;
    this.names = names;
    this.rows = rows;
    this.caller = caller;
  }

  /** The task of a call's whole inputs. */
  static Task of(BatchKey key, Signature signature, NDList arrays, CallerDeadline caller) {
    List<ByteBuffer> bytes = new ArrayList<>(arrays.size());
    List<Shape> rowShapes = new ArrayList<>(arrays.size());
    List<String> names = new ArrayList<>(arrays.size());
    for (NDArray array : arrays) {
      bytes.add(array.toByteBuffer());
      rowShapes.add(array.getShape().slice(1));
      names.add(array.getName());
    }
    return new Task(key, signature, bytes, rowShapes, names, arrays.get(0).getShape().get(0), caller);
  }

  /** The bytes of one row of input {@code i}. */
  long rowBytes(int i) {
    return rowShapes.get(i).size() * key.types().get(i).getNumOfBytes();
  }

  /** Rows {@code from} to {@code from + count} of this task, as a task of their own (large-batch splitting). */
  Task slice(long from, long count) {
    List<ByteBuffer> bytes = new ArrayList<>(inputs.size());
    for (int i = 0; i < inputs.size(); i++) {
      int rowBytes = Math.toIntExact(rowBytes(i));
      ByteBuffer all = inputs.get(i);
      bytes.add(all.slice(all.position() + Math.toIntExact(from * rowBytes), Math.toIntExact(count * rowBytes)));
    }
    return new Task(key, signature, bytes, rowShapes, names, count, caller);
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
