package org.modelrt.serving.batching;

import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * TF Serving's large-batch splitting: a call of more than max_batch_size rows is queued as parts of at most that
 * many, each batched like a call of its own, and the caller gets its parts' rows joined in order. A part that fails
 * or is given up fails the call; the parts no batch has taken yet are then withdrawn, never run. Stateless.
 */
final class SplitCall {
  private SplitCall() {}

  /** Queues the task in parts of {@code maxRows} rows at most, waits for them all, and joins their rows. */
  static List<OutputRows> run(Task whole, long maxRows, BatchQueue queue) {
    List<Task> parts = new ArrayList<>();
    for (long from = 0; from < whole.rows; from += maxRows) {
      parts.add(whole.slice(from, Math.min(maxRows, whole.rows - from)));
    }
    List<List<OutputRows>> results = new ArrayList<>(parts.size());
    try {
      for (Task part : parts) {
        queue.offer(part);
      }
      for (Task part : parts) {
        results.add(BatchingModel.await(part));
      }
    } catch (RuntimeException e) { // the parts no batch has taken yet are not run
      parts.forEach(Task::withdraw);
      throw e;
    }
    List<OutputRows> joined = new ArrayList<>(results.get(0).size());
    for (int j = 0; j < results.get(0).size(); j++) {
      int bytes = 0;
      for (List<OutputRows> r : results) {
        bytes += r.get(j).data().remaining();
      }
      ByteBuffer all = ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
      for (List<OutputRows> r : results) {
        all.put(r.get(j).data().duplicate());
      }
      OutputRows first = results.get(0).get(j);
      joined.add(new OutputRows(all.flip(), new Shape(whole.rows).addAll(first.shape().slice(1)),
          first.type(), first.name()));
    }
    return joined;
  }
}
