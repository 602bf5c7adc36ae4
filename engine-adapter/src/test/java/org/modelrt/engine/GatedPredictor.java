package org.modelrt.engine;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.translate.NoopTranslator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A predictor whose calls wait at a gate, so that a test controls when it is busy; it counts calls and closes. */
final class GatedPredictor extends Predictor<NDList, NDList> {
  final CountDownLatch entered = new CountDownLatch(1);
  final CountDownLatch gate = new CountDownLatch(1);
  final AtomicInteger calls = new AtomicInteger();
  final AtomicInteger closes = new AtomicInteger();

  /** @param model any DJL model of a loaded engine (the predictor never touches it) */
  GatedPredictor(Model model) {
    super(model, new NoopTranslator(), Device.cpu(), false);
  }

  /** A predictor whose gate is already open. */
  static GatedPredictor open(Model model) {
    GatedPredictor predictor = new GatedPredictor(model);
    predictor.gate.countDown();
    return predictor;
  }

  @Override
  public NDList predict(NDList input) {
    calls.incrementAndGet();
    entered.countDown();
    try {
      gate.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return input;
  }

  @Override
  public void close() {
    closes.incrementAndGet();
    super.close();
  }
}
