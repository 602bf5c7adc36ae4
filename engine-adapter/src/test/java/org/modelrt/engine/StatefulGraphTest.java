package org.modelrt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.modelrt.contract.Signature;
import org.modelrt.fixtures.ExpectedFile;
import org.modelrt.fixtures.FixtureCase;
import org.modelrt.fixtures.TensorComparison;
import org.modelrt.fixtures.TestModels;

/**
 * tf_stateful served as upstream Hydrosphere's TensorFlow runtime serves a graph with {@code h_zero_states} and
 * {@code h_state_placeholders} (hydro-serving-tensorflow {@code src/tf_runtime_service.py}): the state starts from
 * the zero-state tensors (after warmup, which ran on zeros), each call feeds it and keeps the fetched next state, so
 * identical calls answer differently; each loaded model has its own state; concurrent calls are serialized on it.
 * Expected values: the fixture's recurrence worked out in plain Java by its generator (expected.json), and here by
 * hand for the concurrent calls.
 */
final class StatefulGraphTest {

  @Test
  void identicalCallsAnswerAsTheStateCarriedFromCallToCallSays() throws Exception {
    ExpectedFile expected = TestModels.expected("tf_stateful");
    List<FixtureCase> cases = expected.cases();
    assertTrue(TensorComparison.mismatch(cases.get(0).inputs().get("x"), cases.get(2).inputs().get("x"), 0)
        .isEmpty(), "cases 0 and 2 send the same x");
    assertTrue(TensorComparison.mismatch(cases.get(0).outputs().get("y"), cases.get(2).outputs().get("y"), 0)
        .isPresent(), "and get different answers");
    try (LoadedModel model = Fixtures.load("tf_stateful")) { // warmed up once: the state must start afresh
      Signature signature = model.contract().signature("serving_default").orElseThrow();
      for (int i = 0; i < cases.size(); i++) {
        Fixtures.assertCase(model, signature, cases.get(i), expected.tolerance(), "tf_stateful case " + i);
      }
    }
  }

  @Test
  void everyLoadedModelHasItsOwnState() throws Exception {
    FixtureCase first = TestModels.expected("tf_stateful").cases().get(0);
    try (LoadedModel one = Fixtures.load("tf_stateful"); LoadedModel two = Fixtures.load("tf_stateful")) {
      Signature signature = one.contract().signature("serving_default").orElseThrow();
      Fixtures.assertCase(one, signature, first, 1e-6, "model one, first call");
      Fixtures.assertCase(two, signature, first, 1e-6, "model two, first call: not moved by model one's call");
    }
  }

  /**
   * Eight concurrent calls with x = [[1,2]] over four predictors: serialized, they see the states of the recurrence
   * one after another (c += x, h = h / 2 + c from c = [1,-1], h = [0,0]), each exactly once.
   */
  @Test
  void concurrentCallsAreSerializedOnTheState() throws Exception {
    int calls = 8;
    Set<List<Float>> expected = new HashSet<>();
    double[] c = {1, -1};
    double[] h = {0, 0};
    for (int i = 0; i < calls; i++) {
      c[0] += 1;
      c[1] += 2;
      h[0] = h[0] / 2 + c[0];
      h[1] = h[1] / 2 + c[1];
      expected.add(List.of((float) h[0], (float) h[1]));
    }
    ExecutorService pool = Executors.newFixedThreadPool(calls);
    try (LoadedModel model = Fixtures.load(TestModels.dir("tf_stateful"), java.util.Optional.empty(),
        EngineOptions.defaults().withPredictors(4).withWarmupRuns(1))) {
      Signature signature = model.contract().signature("serving_default").orElseThrow();
      List<Future<List<Float>>> answers = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        answers.add(pool.submit(() -> call(model, signature)));
      }
      Set<List<Float>> got = new HashSet<>();
      for (Future<List<Float>> answer : answers) {
        got.add(answer.get());
      }
      assertEquals(expected, got);
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<Float> call(LoadedModel model, Signature signature) {
    try (NDManager scope = model.newRequestScope()) {
      NDList x = new NDList(scope.create(new float[] {1, 2}, new ai.djl.ndarray.types.Shape(1, 2)));
      float[] y = model.predict(signature, x).get(0).toFloatArray();
      return List.of(y[0], y[1]);
    }
  }
}
