package org.modelrt.serving.batching;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.modelrt.contract.Signature;
import org.modelrt.engine.CallerDeadline;
import org.modelrt.engine.InferenceException;
import org.modelrt.engine.LoadedModel;

/**
 * Runs one batch: drops the tasks whose callers gave up, concatenates the others' rows along dimension 0 (each
 * input first padded to the batch's largest non-batch dimensions when the key is padded, {@link Padding}; then padded
 * to an allowed size by repeating the first row), makes one engine call, and hands each task its own rows of every
 * output. Concatenation is on bytes, not engine arrays, so it is the same for every engine (ONNX Runtime's arrays
 * have no concat) and never touches a caller's scope: the batch's arrays live in a scope of its own, closed here;
 * the outputs are copied out of it first. Stateless.
 */
final class BatchRun {
  private static final AtomicLong BUFFERS = new AtomicLong();

  private BatchRun() {}

  /** Runs the batch; the number of calls it ran (0 when every caller had given up). */
  static int run(LoadedModel model, BatchingConfig config, BatchQueue.Batch batch) {
    List<Task> live = new ArrayList<>(batch.tasks.size());
    long rows = 0;
    for (Task task : batch.tasks) {
      if (task.caller.gaveUp()) {
        if (task.withdraw()) {
          task.result.completeExceptionally(task.caller.abandoned());
        }
      } else if (task.start()) {
        live.add(task);
        rows += task.rows;
      }
    }
    if (live.isEmpty()) {
      return 0;
    }
    try {
      List<List<OutputRows>> results = execute(model, batch.key, live, config.paddedSize(rows));
      for (int t = 0; t < live.size(); t++) {
        live.get(t).result.complete(results.get(t));
      }
    } catch (RuntimeException | Error e) { // the engine's failure is every caller's of this batch, and only theirs
      live.forEach(task -> task.result.completeExceptionally(e));
    }
    return live.size();
  }

  private static List<List<OutputRows>> execute(LoadedModel model, BatchKey key, List<Task> live, long padded) {
    Signature signature = live.get(0).signature;
    try (NDManager scope = model.newRequestScope()) {
      NDList inputs = new NDList(key.types().size());
      for (int i = 0; i < key.types().size(); i++) {
        inputs.add(concat(scope, key, live, i, padded));
      }
      NDList outputs = model.predict(signature, inputs, CallerDeadline.NONE);
      List<List<OutputRows>> results = new ArrayList<>(live.size());
      live.forEach(task -> results.add(new ArrayList<>(outputs.size())));
      for (NDArray output : outputs) {
        Shape shape = output.getShape();
        if (shape.dimension() == 0 || shape.get(0) != padded) {
          throw new InferenceException("signature '" + signature.name() + "': output '" + output.getName()
              + "' has shape " + shape + " for a batch of " + padded + " rows; its outputs are not batch-major");
        }
        Shape rowShape = shape.slice(1);
        ByteBuffer copy = copyOf(output.toByteBuffer());
        int rowBytes = Math.toIntExact(copy.capacity() / padded);
        int offset = 0;
        for (int t = 0; t < live.size(); t++) {
          int bytes = Math.toIntExact(live.get(t).rows * rowBytes);
          ByteBuffer slice = copy.slice(offset, bytes).order(ByteOrder.LITTLE_ENDIAN);
          results.get(t).add(new OutputRows(slice, new Shape(live.get(t).rows).addAll(rowShape),
              output.getDataType(), output.getName()));
          offset += bytes;
        }
      }
      return results;
    }
  }

  /**
   * Input {@code i} of every task, row after row (each task's rows padded to the largest row shape of the batch when
   * the key is padded), then copies of the first row up to {@code padded} rows.
   */
  private static NDArray concat(NDManager scope, BatchKey key, List<Task> live, int i, long padded) {
    Shape rowShape = key.padded() ? Padding.largest(live.stream().map(t -> t.rowShapes.get(i)).toList())
        : key.rowShapes().get(i);
    int elementBytes = key.types().get(i).getNumOfBytes();
    long batchBytes = padded * rowShape.size() * elementBytes;
    if (batchBytes > Integer.MAX_VALUE - 8) {
      throw new InferenceException("input '" + live.get(0).names.get(i) + "': a batch of " + padded + " rows of "
          + rowShape + " is " + batchBytes + " bytes, over the 2 GiB one batch input may have");
    }
    int rowBytes = Math.toIntExact(rowShape.size() * elementBytes);
    ByteBuffer batch = ByteBuffer.allocateDirect(Math.toIntExact(batchBytes)).order(ByteOrder.LITTLE_ENDIAN);
    for (Task task : live) {
      ByteBuffer rows = task.inputs.get(i).duplicate();
      if (rows.remaining() != task.rows * task.rowBytes(i)) {
        throw new IllegalStateException("input " + i + " has " + rows.remaining() + " bytes for " + task.rows
            + " rows of " + task.rowBytes(i));
      }
      if (task.rowShapes.get(i).equals(rowShape)) {
        batch.put(rows);
      } else {
        Padding.put(batch, rows, task.rows, task.rowShapes.get(i), rowShape, elementBytes);
      }
    }
    while (batch.hasRemaining()) {
      batch.put(batch.duplicate().position(0).limit(rowBytes));
    }
    batch.flip();
    // PyTorch and ONNX Runtime wrap a direct buffer without copying: the scope keeps it reachable until it closes
    scope.attachInternal("modelrt-batch-input-" + BUFFERS.incrementAndGet(), () -> batch.capacity());
    NDArray array = scope.create(batch, new Shape(padded).addAll(rowShape), key.types().get(i));
    array.setName(live.get(0).names.get(i));
    return array;
  }

  private static ByteBuffer copyOf(ByteBuffer bytes) {
    ByteBuffer copy = ByteBuffer.allocateDirect(bytes.remaining()).order(ByteOrder.LITTLE_ENDIAN);
    copy.put(bytes.duplicate()).flip();
    return copy;
  }
}
