package org.modelrt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.modelrt.contract.Contract;
import org.modelrt.contract.Signature;

/** Closing a loaded model never frees the engine's memory under a call that is still in the engine. */
final class DjlLoadedModelCloseTest {
  private static Model djlModel;

  /** An engine model whose one predictor is a {@link GatedPredictor}; it records when it is closed. */
  private static final class GatedEngineModel implements EngineModel {
    final GatedPredictor predictor = new GatedPredictor(djlModel);
    final CountDownLatch closed = new CountDownLatch(1);

    @Override
    public EngineKind engine() {
      return EngineKind.ONNX_RUNTIME;
    }

    @Override
    public Optional<Contract> describe() {
      return Optional.empty();
    }

    @Override
    public EngineBinding bind(Signature signature) {
      return new EngineBinding() {
        @Override
        public NDList toEngine(NDList inputs) {
          return inputs;
        }

        @Override
        public NDList fromEngine(NDList outputs) {
          return outputs;
        }
      };
    }

    @Override
    public Predictor<NDList, NDList> newPredictor(Signature signature) {
      return predictor;
    }

    @Override
    public NDManager manager() {
      return djlModel.getNDManager();
    }

    @Override
    public void close() {
      closed.countDown();
    }
  }

  private static final Signature SIGNATURE =
      Contracts.signature("predict", List.of(Contracts.floats("x", -1)), List.of(Contracts.floats("y", -1)));

  @BeforeAll
  static void newModel() {
    DjlSettings.apply();
    djlModel = Model.newInstance("close-test", Device.cpu(), EngineKind.ONNX_RUNTIME.djlName());
  }

  @AfterAll
  static void closeModel() {
    djlModel.close();
  }

  @Test
  void closeWaitsForTheCallInTheEngine_thenClosesTheEngineModel_andLaterCallsAreRefused() throws Exception {
    GatedEngineModel engine = new GatedEngineModel();
    DjlLoadedModel model = DjlLoadedModel.bind(engine, Contracts.contract(SIGNATURE),
        EngineOptions.defaults().withPredictors(1));
    NDList input = new NDList(djlModel.getNDManager().zeros(new ai.djl.ndarray.types.Shape(1)));
    CompletableFuture<NDList> inEngine = CompletableFuture.supplyAsync(() -> model.predict(SIGNATURE, input));
    assertTrue(engine.predictor.entered.await(10, TimeUnit.SECONDS));

    CompletableFuture<Void> closing = CompletableFuture.runAsync(model::close);

    assertFalse(engine.closed.await(300, TimeUnit.MILLISECONDS), "the engine model was closed under a running call");
    assertFalse(closing.isDone());
    engine.predictor.gate.countDown();
    assertEquals(1, inEngine.get(10, TimeUnit.SECONDS).size(), "the call in the engine completes");
    closing.get(10, TimeUnit.SECONDS);
    assertEquals(0, engine.closed.getCount(), "closed once the call returned");
    assertEquals(1, engine.predictor.closes.get());
    ModelClosedException refused = assertThrows(ModelClosedException.class, () -> model.predict(SIGNATURE, input));
    assertEquals("the model is closed", refused.getMessage());
  }
}
