package org.modelrt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.modelrt.contract.Signature;
import org.modelrt.fixtures.TestModels;

/** The predictor pool: exclusive use, waiting for a free predictor, the busy timeout, callers giving up, closing. */
final class PredictorPoolTest {
  private static Model poolModel;

  @BeforeAll
  static void newModel() {
    DjlSettings.apply();
    poolModel = Model.newInstance("pool-test", Device.cpu(), EngineKind.ONNX_RUNTIME.djlName());
  }

  @AfterAll
  static void closeModel() {
    poolModel.close();
  }

  @Test
  void callWaitsForABusyPredictorThenTimesOutAsBusy() throws Exception {
    GatedPredictor only = new GatedPredictor(poolModel);
    PredictorPool pool = new PredictorPool("s", 1, () -> only, Duration.ofMillis(200));
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      Future<NDList> first = executor.submit(() -> pool.run(new NDList(), CallerDeadline.NONE));
      assertTrue(only.entered.await(10, TimeUnit.SECONDS));
      ModelBusyException busy = assertThrows(ModelBusyException.class, () -> pool.run(new NDList(), CallerDeadline.NONE));
      assertEquals("signature 's': all 1 predictors stayed busy for PT0.2S", busy.getMessage());
      only.gate.countDown();
      first.get(10, TimeUnit.SECONDS);
      assertEquals(0, pool.run(new NDList(), CallerDeadline.NONE).size(), "free again once the first call returned");
    } finally {
      executor.shutdownNow();
      pool.close();
    }
  }

  @Test
  void closeClosesIdlePredictorsAtOnceAndABusyOneWhenItReturns() throws Exception {
    GatedPredictor busy = new GatedPredictor(poolModel);
    GatedPredictor idle = new GatedPredictor(poolModel);
    idle.gate.countDown();
    List<GatedPredictor> made = new ArrayList<>(List.of(idle, busy)); // the last made is lent first
    PredictorPool pool = new PredictorPool("s", 2, () -> made.remove(0), Duration.ofSeconds(5));
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      Future<NDList> call = executor.submit(() -> pool.run(new NDList(), CallerDeadline.NONE));
      assertTrue(busy.entered.await(10, TimeUnit.SECONDS));
      pool.close();
      assertEquals(1, idle.closes.get(), "the idle predictor is closed at once");
      assertEquals(0, busy.closes.get(), "the busy one is not closed under its call");
      busy.gate.countDown();
      call.get(10, TimeUnit.SECONDS);
      assertEquals(1, busy.closes.get(), "the busy one is closed when it comes back");
      assertThrows(ModelClosedException.class, () -> pool.run(new NDList(), CallerDeadline.NONE));
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void aCallWhoseDeadlinePassesWhileItWaits_isAbandonedAsExpired_beforeTheBorrowTimeout() throws Exception {
    GatedPredictor only = new GatedPredictor(poolModel);
    PredictorPool pool = new PredictorPool("s", 1, () -> only, Duration.ofSeconds(30));
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      Future<NDList> first = executor.submit(() -> pool.run(new NDList(), CallerDeadline.NONE));
      assertTrue(only.entered.await(10, TimeUnit.SECONDS));
      long start = System.nanoTime();

      CallAbandonedException e = assertThrows(CallAbandonedException.class,
          () -> pool.run(new NDList(), TestCallers.deadlineIn(200)));

      assertTrue(e.deadlineExpired(), e.getMessage());
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "waited for the deadline, not 30 s");
      only.gate.countDown();
      first.get(10, TimeUnit.SECONDS);
      assertEquals(1, only.calls.get(), "the expired call never reached the engine");
    } finally {
      executor.shutdownNow();
      pool.close();
    }
  }

  @Test
  void aCallCancelledWhileItWaits_isNotRunOnceItGetsAPredictor_andGivesThePredictorBack() throws Exception {
    GatedPredictor only = new GatedPredictor(poolModel);
    PredictorPool pool = new PredictorPool("s", 1, () -> only, Duration.ofSeconds(30));
    ExecutorService executor = Executors.newFixedThreadPool(2);
    AtomicBoolean cancelled = new AtomicBoolean();
    try {
      Future<NDList> first = executor.submit(() -> pool.run(new NDList(), CallerDeadline.NONE));
      assertTrue(only.entered.await(10, TimeUnit.SECONDS));
      Future<NDList> waiting = executor.submit(() -> pool.run(new NDList(), TestCallers.cancellable(cancelled)));
      Thread.sleep(100); // let it queue for the predictor
      cancelled.set(true);
      only.gate.countDown();
      first.get(10, TimeUnit.SECONDS);

      ExecutionException e = assertThrows(ExecutionException.class, () -> waiting.get(10, TimeUnit.SECONDS));

      CallAbandonedException abandoned = assertInstanceOf(CallAbandonedException.class, e.getCause());
      assertFalse(abandoned.deadlineExpired());
      assertEquals(1, only.calls.get(), "the cancelled call never reached the engine");
      pool.run(new NDList(), CallerDeadline.NONE);
      assertEquals(2, only.calls.get(), "the predictor came back to the pool");
    } finally {
      executor.shutdownNow();
      pool.close();
    }
  }

  @Test
  void closeWakesTheCallsWaitingForAPredictor_whichFailAtOnce() throws Exception {
    GatedPredictor only = new GatedPredictor(poolModel);
    PredictorPool pool = new PredictorPool("s", 1, () -> only, Duration.ofSeconds(30));
    ExecutorService executor = Executors.newFixedThreadPool(2);
    try {
      Future<NDList> first = executor.submit(() -> pool.run(new NDList(), CallerDeadline.NONE));
      assertTrue(only.entered.await(10, TimeUnit.SECONDS));
      Future<NDList> waiting = executor.submit(() -> pool.run(new NDList(), CallerDeadline.NONE));
      Thread.sleep(100); // let it queue for the predictor

      pool.close();

      ExecutionException e = assertThrows(ExecutionException.class, () -> waiting.get(5, TimeUnit.SECONDS));
      assertInstanceOf(ModelClosedException.class, e.getCause());
      assertEquals(0, only.closes.get(), "the busy predictor is not closed under its call");
      only.gate.countDown();
      first.get(10, TimeUnit.SECONDS);
      assertEquals(1, only.closes.get(), "closed when its call returned");
    } finally {
      executor.shutdownNow();
    }
  }

  /** Every two-input model computes x - 2a under this output name. */
  @ParameterizedTest
  @CsvSource({"onnx_twoin, y", "pt_twoin, y", "tf_twoin, diff"})
  void concurrentCallsOnAPoolSmallerThanTheCallersAllGetTheirOwnAnswer(String fixture, String output)
      throws Exception {
    EngineOptions options = Fixtures.OPTIONS.withPredictors(2);
    try (LoadedModel twoIn = Fixtures.load(TestModels.dir(fixture), Optional.empty(), options)) {
      Signature signature = twoIn.contract().defaultSignature().orElseThrow();
      ExecutorService callers = Executors.newFixedThreadPool(6);
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        long seed = t;
        results.add(callers.submit(() -> checkedCalls(twoIn, signature, output, new Random(seed), 100)));
      }
      for (Future<Integer> result : results) {
        assertEquals(100, result.get(60, TimeUnit.SECONDS));
      }
      callers.shutdown();
    }
  }

  /** Runs x - 2a on random inputs and checks each answer by hand; returns how many were right. */
  private static int checkedCalls(LoadedModel model, Signature signature, String output, Random random, int calls) {
    int right = 0;
    for (int i = 0; i < calls; i++) {
      float[] x = new float[4];
      float[] a = new float[4];
      for (int j = 0; j < 4; j++) {
        x[j] = random.nextFloat();
        a[j] = random.nextFloat();
      }
      try (NDManager scope = model.newRequestScope()) {
        NDList inputs = new NDList();
        for (String name : signature.inputNames()) {
          inputs.add(scope.create(name.equals("x") ? x : a, new ai.djl.ndarray.types.Shape(1, 4)));
        }
        float[] y = model.predict(signature, inputs).get(signature.outputNames().indexOf(output)).toFloatArray();
        boolean ok = true;
        for (int j = 0; j < 4; j++) {
          ok &= Math.abs(y[j] - (x[j] - 2 * a[j])) < 1e-5;
        }
        right += ok ? 1 : 0;
      }
    }
    return right;
  }
}
