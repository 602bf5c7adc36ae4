package org.modelrt.serving.batching;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.modelrt.contract.Contract;
import org.modelrt.contract.Signature;
import org.modelrt.engine.CallerDeadline;
import org.modelrt.engine.EngineKind;
import org.modelrt.engine.LoadedModel;

/** A real loaded model that records the input shapes of every engine call made through it. Thread-safe. */
final class RecordingModel implements LoadedModel {
  private final LoadedModel real;
  private final List<String> shapes = new ArrayList<>();
  private final AtomicInteger closes = new AtomicInteger();

  RecordingModel(LoadedModel real) {
    this.real = real;
  }

  /** The first input's shape of each call so far, e.g. "(4, 4)". */
  synchronized List<String> shapes() {
    return List.copyOf(shapes);
  }

  /** The row counts of the calls so far. */
  synchronized List<Long> rows() {
    return shapes.stream().map(s -> Long.parseLong(s.substring(1).split("[,)]")[0].trim())).toList();
  }

  synchronized void forget() {
    shapes.clear();
  }

  int closes() {
    return closes.get();
  }

  @Override
  public Contract contract() {
    return real.contract();
  }

  @Override
  public EngineKind engine() {
    return real.engine();
  }

  @Override
  public NDManager newRequestScope() {
    return real.newRequestScope();
  }

  @Override
  public NDList predict(Signature signature, NDList inputs, CallerDeadline caller) {
    synchronized (this) {
      shapes.add(inputs.get(0).getShape().toString());
    }
    return real.predict(signature, inputs, caller);
  }

  @Override
  public void close() {
    closes.incrementAndGet();
    real.close();
  }
}
