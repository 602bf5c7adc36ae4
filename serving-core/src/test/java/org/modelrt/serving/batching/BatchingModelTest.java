package org.modelrt.serving.batching;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.modelrt.contract.Signature;
import org.modelrt.engine.CallAbandonedException;
import org.modelrt.engine.CallerDeadline;
import org.modelrt.engine.EngineOptions;
import org.modelrt.engine.InferenceException;
import org.modelrt.engine.LoadedModel;
import org.modelrt.engine.ModelLoader;
import org.modelrt.fixtures.TestModels;
import org.modelrt.serving.ServingException;

/** Dynamic batching over the real engines and the repository's test models (inputs [-1, 4] in each). */
class BatchingModelTest {
  private static final long NO_TIMEOUT = 0;
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

  private static RecordingModel load(String name) throws Exception {
    return new RecordingModel(ModelLoader.load(TestModels.dir(name),
        EngineOptions.defaults().withPredictors(2).withWarmupRuns(1)));
  }

  private static BatchingConfig config(long maxBatch, long timeoutMicros, long maxBatches, List<Long> allowed) {
    return new BatchingConfig(true, maxBatch, timeoutMicros, maxBatches, 2, allowed);
  }

  private static float[] rows(int rows, int width, long seed) {
    Random random = new Random(seed);
    float[] values = new float[rows * width];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextFloat() * 2 - 1;
    }
    return values;
  }

  /** One call in a scope of its own; the output's values, read before the scope closes. */
  private static float[] call(LoadedModel model, float[] x, int width, CallerDeadline caller) {
    Signature signature = model.contract().select("");
    try (NDManager scope = model.newRequestScope()) {
      NDArray input = scope.create(x, new Shape(x.length / width, width));
      input.setName("x");
      NDList out = model.predict(signature, new NDList(input), caller);
      assertEquals(x.length / width, out.get(0).getShape().get(0), "rows returned");
      return out.get(0).toFloatArray();
    }
  }

  /**
   * As {@link #call}, in a scope of the caller's own engine manager: closing the model does not close it under the
   * caller, as a lease keeps the runtime from closing a model under a call.
   */
  private static float[] callOutsideTheModel(LoadedModel model, float[] x, int width) {
    Signature signature = model.contract().select("");
    try (NDManager scope = NDManager.newBaseManager("PyTorch")) {
      NDArray input = scope.create(x, new Shape(x.length / width, width));
      input.setName("x");
      NDList out = model.predict(signature, new NDList(input), CallerDeadline.NONE);
      assertEquals(x.length / width, out.get(0).getShape().get(0), "rows returned");
      return out.get(0).toFloatArray();
    }
  }

  private static io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot batchSizes(
      String model) {
    var sizes = io.prometheus.metrics.model.registry.PrometheusRegistry.defaultRegistry.scrape(
        name -> name.equals("modelrt_batch_size"));
    return ((io.prometheus.metrics.model.snapshots.HistogramSnapshot) sizes.get(0)).getDataPoints().stream()
        .filter(d -> d.getLabels().get("model").equals(model)).findFirst().orElseThrow();
  }

  private static void assertClose(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-5f + 1e-5f * Math.abs(expected[i]), what + " [" + i + "]");
    }
  }

  /** Waits until {@code calls} calls are queued, then checks they are in {@code batches} batches. */
  private void awaitQueued(BatchingModel batching, int calls, int batches) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (batching.queuedCalls() < calls && System.nanoTime() < until) {
      Thread.sleep(5);
    }
    assertEquals(calls, batching.queuedCalls(), "calls queued");
    assertEquals(batches, batching.queuedBatches(), "batches queued");
  }

  @ParameterizedTest
  @ValueSource(strings = {"pt_linear", "onnx_linear", "tf_linear"})
  void concurrentCallersEachGetTheirOwnRows(String fixture) throws Exception {
    RecordingModel real = load(fixture);
    int calls = 48;
    List<float[]> inputs = new ArrayList<>();
    List<float[]> alone = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      inputs.add(rows(1 + i % 5, 4, i));
      alone.add(call(real, inputs.get(i), 4, CallerDeadline.NONE));
    }
    try (BatchingModel batching = BatchingModel.over(real, config(16, 5_000, 1000, List.of()), fixture)) {
      assertEquals(Set.of("serving_default"), batching.batchedSignatures());
      real.forget();
      CountDownLatch start = new CountDownLatch(1);
      List<Future<float[]>> answers = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        float[] x = inputs.get(i);
        answers.add(callers.submit(() -> {
          start.await();
          return call(batching, x, 4, CallerDeadline.NONE);
        }));
      }
      start.countDown();
      for (int i = 0; i < calls; i++) {
        assertClose(alone.get(i), answers.get(i).get(60, TimeUnit.SECONDS), fixture + " caller " + i);
      }
      List<Long> batches = real.rows();
      assertEquals(inputs.stream().mapToLong(x -> x.length / 4).sum(), batches.stream().mapToLong(r -> r).sum(),
          "every row ran exactly once: " + batches);
      assertTrue(batches.size() < calls, "calls were batched: " + batches);
      assertTrue(batches.stream().allMatch(r -> r <= 16), "no batch over max_batch_size: " + batches);
      // every engine call is counted in modelrt_batch_size, by the calls it served (recorded once the batch
      // thread is done with it, which may be just after its callers have their answers)
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      var point = batchSizes(fixture);
      while (point.getCount() < batches.size() && System.nanoTime() < end) {
        Thread.sleep(5);
        point = batchSizes(fixture);
      }
      assertEquals(batches.size(), point.getCount(), "one observation per engine call");
      assertEquals(calls, point.getSum(), 0.0, "the observations add up to the calls");
    }
  }

  @Test
  void batchesArePaddedToAnAllowedSizeAndLargerCallsRunAlone() throws Exception {
    RecordingModel real = load("pt_linear");
    float[] three = rows(3, 4, 1);
    float[] ten = rows(10, 4, 2);
    float[] threeAlone = call(real, three, 4, CallerDeadline.NONE);
    float[] tenAlone = call(real, ten, 4, CallerDeadline.NONE);
    try (BatchingModel batching = BatchingModel.over(real, config(8, NO_TIMEOUT, 10, List.of(4L, 8L)), "t")) {
      real.forget();
      assertClose(threeAlone, call(batching, three, 4, CallerDeadline.NONE), "3 rows padded to 4");
      assertClose(tenAlone, call(batching, ten, 4, CallerDeadline.NONE), "10 rows, over max_batch_size 8");
      assertEquals(List.of(4L, 10L), real.rows(), "a batch of 3 padded to 4; 10 rows alone, unpadded");
    }
  }

  @Test
  void withLargeBatchSplitting_aLargerCallIsRunInPartsThatBatchWithOthers() throws Exception {
    RecordingModel real = load("pt_linear");
    float[] ten = rows(10, 4, 50);
    float[] one = rows(1, 4, 51);
    float[] tenAlone = call(real, ten, 4, CallerDeadline.NONE);
    float[] oneAlone = call(real, one, 4, CallerDeadline.NONE);
    try (BatchingModel batching = new BatchingModel(real, new BatchingConfig(true, 4, 0, 10, 2, List.of(), true,
        false), Set.of("serving_default"), "t", gated)) {
      real.forget();
      Future<float[]> large = callers.submit(() -> call(batching, ten, 4, CallerDeadline.NONE));
      awaitQueued(batching, 3, 3); // parts of 4, 4 and 2 rows
      Future<float[]> small = callers.submit(() -> call(batching, one, 4, CallerDeadline.NONE));
      awaitQueued(batching, 4, 3); // the one row joins the part of 2
      gate.countDown();
      assertClose(tenAlone, large.get(30, TimeUnit.SECONDS), "the large call's rows, joined in order");
      assertClose(oneAlone, small.get(30, TimeUnit.SECONDS), "the small call batched with its last part");
      assertEquals(List.of(3L, 4L, 4L), real.rows().stream().sorted().toList(), "engine calls: " + real.shapes());
    }
  }

  @Test
  void aCallerWhoseDeadlinePassesInTheQueueIsAnsweredAndItsRowsNeverRun() throws Exception {
    RecordingModel real = load("pt_linear");
    try (BatchingModel batching = new BatchingModel(real, config(8, NO_TIMEOUT, 10, List.of()),
        Set.of("serving_default"), "t", gated)) {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
      CallerDeadline caller = new TestCaller(deadline, new AtomicBoolean());
      CallAbandonedException e = assertThrows(CallAbandonedException.class,
          () -> call(batching, rows(2, 4, 3), 4, caller));
      assertTrue(e.deadlineExpired(), e.getMessage());
      assertTrue(System.nanoTime() - deadline < TimeUnit.SECONDS.toNanos(2), "answered at its deadline");
      gate.countDown();
      float[] later = rows(1, 4, 4);
      assertClose(call(real, later, 4, CallerDeadline.NONE), call(batching, later, 4, CallerDeadline.NONE), "later");
      assertEquals(List.of(1L, 1L), real.rows(), "only the later call's row ran, batched and alone");
    }
  }

  @Test
  void aCallerWhoCancelsInTheQueueIsAnsweredAndItsRowsNeverRun() throws Exception {
    RecordingModel real = load("pt_linear");
    try (BatchingModel batching = new BatchingModel(real, config(8, NO_TIMEOUT, 10, List.of()),
        Set.of("serving_default"), "t", gated)) {
      AtomicBoolean cancelled = new AtomicBoolean();
      Future<float[]> answer = callers.submit(
          () -> call(batching, rows(2, 4, 5), 4, new TestCaller(Long.MAX_VALUE, cancelled)));
      awaitQueued(batching, 1, 1);
      cancelled.set(true);
      java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
          () -> answer.get(5, TimeUnit.SECONDS));
      assertFalse(((CallAbandonedException) e.getCause()).deadlineExpired(), "CANCELLED, not DEADLINE_EXCEEDED");
      gate.countDown();
      Thread.sleep(100); // the batch thread takes the batch and finds nothing left to run
      assertEquals(List.of(), real.rows(), "the cancelled rows never ran");
    }
  }

  @Test
  void aFullQueueAnswersUnavailableAtOnceAndTheQueuedCallsStillRun() throws Exception {
    RecordingModel real = load("pt_linear");
    try (BatchingModel batching = new BatchingModel(real, config(2, NO_TIMEOUT, 2, List.of()),
        Set.of("serving_default"), "t", gated)) {
      float[] a = rows(2, 4, 6);
      float[] b = rows(2, 4, 7);
      Future<float[]> first = callers.submit(() -> call(batching, a, 4, CallerDeadline.NONE));
      Future<float[]> second = callers.submit(() -> call(batching, b, 4, CallerDeadline.NONE));
      awaitQueued(batching, 2, 2);
      ServingException full = assertThrows(ServingException.class,
          () -> call(batching, rows(1, 4, 8), 4, CallerDeadline.NONE));
      assertEquals(ServingException.Code.UNAVAILABLE, full.code());
      assertTrue(full.getMessage().contains("max_enqueued_batches"), full.getMessage());
      gate.countDown();
      assertClose(call(real, a, 4, CallerDeadline.NONE), first.get(30, TimeUnit.SECONDS), "first");
      assertClose(call(real, b, 4, CallerDeadline.NONE), second.get(30, TimeUnit.SECONDS), "second");
    }
  }

  @Test
  void anEngineFailureFailsTheCallersOfItsBatchOnly() throws Exception {
    RecordingModel real = load("pt_linear");
    try (BatchingModel batching = new BatchingModel(real, config(64, NO_TIMEOUT, 10, List.of()),
        Set.of("serving_default"), "t", gated)) {
      List<Future<float[]>> good = new ArrayList<>();
      List<Future<float[]>> bad = new ArrayList<>();
      List<float[]> goodInputs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        float[] x = rows(2, 4, 10 + i);
        goodInputs.add(x);
        good.add(callers.submit(() -> call(batching, x, 4, CallerDeadline.NONE)));
        float[] wrong = rows(2, 5, 20 + i); // rows of 5: Linear(4, 3) refuses them
        bad.add(callers.submit(() -> call(batching, wrong, 5, CallerDeadline.NONE)));
      }
      awaitQueued(batching, 6, 2); // one batch per row shape: shapes must agree to batch together
      gate.countDown();
      for (int i = 0; i < 3; i++) {
        assertClose(call(real, goodInputs.get(i), 4, CallerDeadline.NONE), good.get(i).get(30, TimeUnit.SECONDS),
            "good caller " + i);
        int j = i;
        java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
            () -> bad.get(j).get(30, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof InferenceException, e.getCause().toString());
        assertTrue(e.getCause().getMessage().contains("the engine failed"), e.getCause().getMessage());
      }
      assertTrue(real.shapes().contains("(6, 5)"), "the three wrong-shaped calls ran as one batch: " + real.shapes());
    }
  }

  @Test
  void closingDrainsTheQueueThenClosesTheModel() throws Exception {
    RecordingModel real = load("pt_linear");
    BatchingModel batching = new BatchingModel(real, config(2, NO_TIMEOUT, 3, List.of()),
        Set.of("serving_default"), "t", gated);
    List<float[]> inputs = List.of(rows(2, 4, 30), rows(2, 4, 31), rows(2, 4, 32));
    List<float[]> alone = new ArrayList<>();
    List<Future<float[]>> answers = new ArrayList<>();
    for (float[] x : inputs) {
      alone.add(call(real, x, 4, CallerDeadline.NONE));
      answers.add(callers.submit(() -> callOutsideTheModel(batching, x, 4)));
    }
    awaitQueued(batching, 3, 3);
    Future<?> closing = callers.submit(batching::close);
    Thread.sleep(100);
    ServingException refused = assertThrows(ServingException.class,
        () -> call(batching, rows(1, 4, 33), 4, CallerDeadline.NONE));
    assertEquals(ServingException.Code.UNAVAILABLE, refused.code(), "no new calls while closing");
    assertEquals(0, real.closes(), "the model stays open while calls are queued");
    gate.countDown();
    for (int i = 0; i < inputs.size(); i++) {
      assertClose(alone.get(i), answers.get(i).get(30, TimeUnit.SECONDS), "queued caller " + i);
    }
    closing.get(30, TimeUnit.SECONDS);
    assertEquals(1, real.closes());
  }

  @Test
  void signaturesWhoseOutputsAreNotBatchMajorAreNotBatched() throws Exception {
    RecordingModel sum = load("pt_batchsum");
    try (BatchingModel batching = BatchingModel.over(sum, config(8, 1_000, 10, List.of()), "sum")) {
      assertEquals(Set.of(), batching.batchedSignatures());
      sum.forget();
      float[] x = rows(3, 4, 40);
      Signature signature = batching.contract().select("");
      try (NDManager scope = batching.newRequestScope()) {
        NDArray input = scope.create(x, new Shape(3, 4));
        float[] y = batching.predict(signature, new NDList(input)).get(0).toFloatArray();
        float[] expected = new float[4];
        for (int i = 0; i < x.length; i++) {
          expected[i % 4] += x[i];
        }
        assertArrayEquals(expected, y, 1e-5f, "the sum of the caller's own rows");
      }
      assertEquals(List.of(3L), sum.rows(), "run alone, at the caller's size");
    }
    RecordingModel strings = load("tf_string");
    try (BatchingModel batching = BatchingModel.over(strings, config(8, 1_000, 10, List.of()), "strings")) {
      assertEquals(Set.of(), batching.batchedSignatures(), "DT_STRING rows have no fixed size");
    }
  }

  /** A caller with a deadline and a cancel switch. */
  private record TestCaller(long deadlineNanos, AtomicBoolean cancelled) implements CallerDeadline {
    @Override
    public long nanosLeft() {
      return deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadlineNanos - System.nanoTime();
    }

    @Override
    public boolean gaveUp() {
      return cancelled.get() || nanosLeft() <= 0;
    }
  }
}
