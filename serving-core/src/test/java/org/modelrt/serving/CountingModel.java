package org.modelrt.serving;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.modelrt.contract.Contract;
import org.modelrt.contract.DType;
import org.modelrt.contract.Field;
import org.modelrt.contract.Shape;
import org.modelrt.contract.Signature;
import org.modelrt.engine.CallerDeadline;
import org.modelrt.engine.EngineKind;
import org.modelrt.engine.LoadedModel;

/**
 * A LoadedModel for the registry's and the manager's bookkeeping: it never runs, it counts how often it is closed and
 * names where it came from. Thread-safe.
 */
final class CountingModel implements LoadedModel {
  private final String from;
  private final AtomicInteger closes = new AtomicInteger();

  CountingModel(String from) {
    this.from = from;
  }

  String from() {
    return from;
  }

  int closes() {
    return closes.get();
  }

  @Override
  public Contract contract() {
    Field x = Field.tensor("x", DType.FLOAT, Shape.of(-1, 1));
    return new Contract("", List.of(new Signature("serving_default", List.of(x), List.of(x))));
  }

  @Override
  public EngineKind engine() {
    return EngineKind.TENSORFLOW;
  }

  @Override
  public NDManager newRequestScope() {
    throw new UnsupportedOperationException("not run");
  }

  @Override
  public NDList predict(Signature signature, NDList inputs, CallerDeadline caller) {
    throw new UnsupportedOperationException("not run");
  }

  @Override
  public void close() {
    closes.incrementAndGet();
  }
}
