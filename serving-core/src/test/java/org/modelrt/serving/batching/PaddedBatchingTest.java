package org.modelrt.serving.batching;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.modelrt.contract.Signature;
import org.modelrt.engine.CallerDeadline;
import org.modelrt.engine.EngineOptions;
import org.modelrt.engine.LoadedModel;
import org.modelrt.engine.ModelLoader;
import org.modelrt.fixtures.TestModels;

/**
 * pad_variable_length_inputs over the real PyTorch engine and test-models/pt_varlen: (y, z) = (2 x + 1, 3 ids + 1)
 * for x DT_FLOAT [-1,-1] and ids DT_INT64 [-1,-1,-1]. Elementwise, so what TF Serving's padding gives each caller
 * is known exactly: its own values where its input had them, f(its own first element) where the batch padded it.
 */
class PaddedBatchingTest {
  private final ExecutorService callers = Executors.newCachedThreadPool();
  private final CountDownLatch gate = new CountDownLatch(1);
  /** Batch threads that run nothing until the gate opens: what is offered meanwhile stays queued. */
  private final ThreadFactory gated = r -> {
    Thread t = new Thread(() -> {
      try {
        gate.await();
      } catch (InterruptedException e) {
        return;
      }
      r.run();
    });
    t.setDaemon(true);
    return t;
  };

  @AfterEach
  void stop() {
    gate.countDown();
    callers.shutdownNow();
  }

  /** One call's inputs: x [rows, length], ids [rows, depth, width]. */
  private record Call(long[] xShape, float[] x, long[] idsShape, long[] ids) {
    static Call of(int rows, int length, int depth, int width, long seed) {
      Random random = new Random(seed);
      float[] x = new float[rows * length];
      for (int i = 0; i < x.length; i++) {
        x[i] = random.nextFloat() * 20 - 10;
      }
      long[] ids = new long[rows * depth * width];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = random.nextLong() >> 3; // times 3 plus 1 stays in range; far past float's 2^24
      }
      return new Call(new long[] {rows, length}, x, new long[] {rows, depth, width}, ids);
    }
  }

  /** What a call got back: y and z, with their shapes. */
  private record Answer(long[] yShape, float[] y, long[] zShape, long[] z) {}

  private static RecordingModel load() throws Exception {
    return new RecordingModel(ModelLoader.load(TestModels.dir("pt_varlen"),
        EngineOptions.defaults().withPredictors(2).withWarmupRuns(1)));
  }

  private static BatchingConfig padding(long maxBatch, List<Long> allowed) {
    return new BatchingConfig(true, maxBatch, 0, 10, 2, allowed).withPadVariableLengthInputs(true);
  }

  private static Answer call(LoadedModel model, Call c) {
    Signature signature = model.contract().select("");
    try (NDManager scope = model.newRequestScope()) {
      NDArray x = scope.create(c.x(), new Shape(c.xShape()));
      x.setName("x");
      NDArray ids = scope.create(c.ids(), new Shape(c.idsShape()));
      ids.setName("ids");
      NDList out = model.predict(signature, new NDList(x, ids), CallerDeadline.NONE);
      return new Answer(out.get(0).getShape().getShape(), out.get(0).toFloatArray(),
          out.get(1).getShape().getShape(), out.get(1).toLongArray());
    }
  }

  private List<Future<Answer>> submitAll(LoadedModel model, List<Call> calls) {
    List<Future<Answer>> answers = new ArrayList<>();
    for (Call c : calls) {
      answers.add(callers.submit(() -> call(model, c)));
    }
    return answers;
  }

  private static void awaitQueued(BatchingModel batching, int calls, int batches) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (batching.queuedCalls() < calls && System.nanoTime() < until) {
      Thread.sleep(5);
    }
    assertEquals(calls, batching.queuedCalls(), "calls queued");
    assertEquals(batches, batching.queuedBatches(), "batches queued");
  }

  /**
   * The caller's answer in a batch padded to {@code padded} ([rows, length] for y, [rows, depth, width] for z):
   * its unbatched answer where its inputs had values, f(its own first element) everywhere the batch padded.
   */
  private static void assertPaddedAnswer(Call c, Answer alone, Answer batched, long[] yRow, long[] zRow, String who) {
    long rows = c.xShape()[0];
    assertArrayEquals(new long[] {rows, yRow[0]}, batched.yShape(), who + ": y's shape");
    assertArrayEquals(new long[] {rows, zRow[0], zRow[1]}, batched.zShape(), who + ": z's shape");
    float yPad = 2 * c.x()[0] + 1;
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < yRow[0]; j++) {
        float expected = j < c.xShape()[1] ? alone.y()[(int) (r * c.xShape()[1] + j)] : yPad;
        assertEquals(expected, batched.y()[(int) (r * yRow[0] + j)], 1e-5f, who + ": y[" + r + "][" + j + "]");
      }
    }
    long zPad = 3 * c.ids()[0] + 1;
    for (int r = 0; r < rows; r++) {
      for (int d = 0; d < zRow[0]; d++) {
        for (int w = 0; w < zRow[1]; w++) {
          long expected = d < c.idsShape()[1] && w < c.idsShape()[2]
              ? alone.z()[(int) ((r * c.idsShape()[1] + d) * c.idsShape()[2] + w)] : zPad;
          assertEquals(expected, batched.z()[(int) ((r * zRow[0] + d) * zRow[1] + w)],
              who + ": z[" + r + "][" + d + "][" + w + "]");
        }
      }
    }
  }

  @Test
  void callersOfDifferentLengthsShareOneBatch_eachGetsItsOwnValuesAndPaddingOfItsFirstElement() throws Exception {
    RecordingModel real = load();
    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      calls.add(Call.of(1 + i % 3, 1 + i, 2 + i % 2, 1 + i % 3, i)); // lengths 1..6, ids up to [3, 3]
    }
    List<Answer> alone = calls.stream().map(c -> call(real, c)).toList();
    for (int i = 0; i < calls.size(); i++) { // the model as the test reads it: y = 2x + 1, z = 3 ids + 1
      assertEquals(2 * calls.get(i).x()[0] + 1, alone.get(i).y()[0], 1e-5f);
      assertEquals(3 * calls.get(i).ids()[0] + 1, alone.get(i).z()[0]);
    }
    assertEquals(null, BatchMajorProbe.whyNot(real, real.contract().select("")), "free non-batch dimensions batch");
    real.forget();
    try (BatchingModel batching = new BatchingModel(real, padding(16, List.of()), Set.of("serving_default"), "t",
        gated)) {
      List<Future<Answer>> answers = submitAll(batching, calls);
      awaitQueued(batching, 6, 1); // every length in one batch
      gate.countDown();
      for (int i = 0; i < calls.size(); i++) {
        assertPaddedAnswer(calls.get(i), alone.get(i), answers.get(i).get(30, TimeUnit.SECONDS),
            new long[] {6}, new long[] {3, 3}, "caller " + i);
      }
      assertEquals(List.of("(12, 6)"), real.shapes(), "one engine call: 12 rows of the longest x");
    }
  }

  @Test
  void withoutPadding_onlyCallsOfEqualLengthsShareABatch_andEachGetsExactlyItsUnbatchedAnswer() throws Exception {
    RecordingModel real = load();
    List<Call> calls = List.of(Call.of(2, 3, 2, 2, 10), Call.of(1, 5, 2, 2, 11), Call.of(1, 3, 2, 2, 12),
        Call.of(2, 5, 2, 2, 13));
    List<Answer> alone = calls.stream().map(c -> call(real, c)).toList();
    real.forget();
    try (BatchingModel batching = new BatchingModel(real, new BatchingConfig(true, 16, 0, 10, 2, List.of()),
        Set.of("serving_default"), "t", gated)) {
      List<Future<Answer>> answers = submitAll(batching, calls);
      awaitQueued(batching, 4, 2); // one batch per length of x
      gate.countDown();
      for (int i = 0; i < calls.size(); i++) {
        Call c = calls.get(i);
        assertPaddedAnswer(c, alone.get(i), answers.get(i).get(30, TimeUnit.SECONDS), new long[] {c.xShape()[1]},
            new long[] {c.idsShape()[1], c.idsShape()[2]}, "caller " + i); // nothing padded
      }
      assertEquals(List.of("(3, 3)", "(3, 5)"), real.shapes().stream().sorted().toList());
    }
  }

  @Test
  void aPaddedBatchKeepsToMaxBatchSizeAndAllowedSizes_andALargerCallRunsAloneUnpadded() throws Exception {
    RecordingModel real = load();
    Call one = Call.of(1, 2, 1, 1, 20);
    Call two = Call.of(2, 5, 1, 2, 21);
    Call third = Call.of(2, 3, 2, 1, 22);
    Call five = Call.of(5, 4, 1, 1, 23);
    Answer oneAlone = call(real, one);
    Answer twoAlone = call(real, two);
    Answer thirdAlone = call(real, third);
    Answer fiveAlone = call(real, five);
    real.forget();
    // with large-batch splitting asked for too: parts padded in different batches could not be joined
    BatchingConfig config = new BatchingConfig(true, 4, 0, 10, 2, List.of(2L, 4L), true, false, true);
    try (BatchingModel batching = new BatchingModel(real, config, Set.of("serving_default"), "t", gated)) {
      List<Future<Answer>> answers = submitAll(batching, List.of(one, two));
      awaitQueued(batching, 2, 1);
      answers.addAll(submitAll(batching, List.of(third))); // 3 + 2 rows > max_batch_size 4: a batch of its own
      awaitQueued(batching, 3, 2);
      assertPaddedAnswer(five, fiveAlone, call(batching, five), new long[] {4}, new long[] {1, 1}, "5 rows");
      gate.countDown();
      assertPaddedAnswer(one, oneAlone, answers.get(0).get(30, TimeUnit.SECONDS), new long[] {5}, new long[] {1, 2},
          "1 row");
      assertPaddedAnswer(two, twoAlone, answers.get(1).get(30, TimeUnit.SECONDS), new long[] {5}, new long[] {1, 2},
          "2 rows");
      assertPaddedAnswer(third, thirdAlone, answers.get(2).get(30, TimeUnit.SECONDS), new long[] {3},
          new long[] {2, 1}, "its own batch, nothing padded");
      assertEquals(List.of("(2, 3)", "(4, 5)", "(5, 4)"), real.shapes().stream().sorted().toList(),
          "3 rows padded to the allowed 4 and to length 5; 2 rows as they are; 5 rows alone, unsplit, unpadded");
    }
  }

  @Test
  void padsEveryDimensionButTheFirst_atTheEnd_withTheInputsFirstElement() {
    Shape from = new Shape(2, 3);
    Shape to = new Shape(3, 4);
    java.nio.ByteBuffer source = java.nio.ByteBuffer.allocate(2 * 6 * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 12; i++) {
      source.putInt(i + 7);
    }
    source.flip();
    java.nio.ByteBuffer target = java.nio.ByteBuffer.allocate(4 + 2 * 12 * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    target.putInt(-1); // what is before the task's place is left alone
    Padding.put(target, source, 2, from, to, 4);
    assertEquals(target.capacity(), target.position(), "advanced past the padded rows");
    int[] got = new int[1 + 24];
    target.flip();
    target.asIntBuffer().get(got);
    assertArrayEquals(new int[] {-1,
        7, 8, 9, 7, /**/ 10, 11, 12, 7, /**/ 7, 7, 7, 7, // row 0: [[7 8 9] [10 11 12]] in 3 x 4
        13, 14, 15, 7, /**/ 16, 17, 18, 7, /**/ 7, 7, 7, 7}, got); // row 1: its padding is 7 too, the input's first
  }
}
