package org.modelrt.server.testing;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.modelrt.contract.Contract;
import org.modelrt.contract.DType;
import org.modelrt.contract.Field;
import org.modelrt.contract.Shape;
import org.modelrt.contract.Signature;
import org.modelrt.engine.CallerDeadline;
import org.modelrt.engine.EngineKind;
import org.modelrt.engine.InferenceException;
import org.modelrt.engine.LoadedModel;

/**
 * A {@link LoadedModel} that computes hand-checkable arithmetic on real DJL arrays (PyTorch natives), so server tests
 * exercise the real codec and request scopes without a model file. Signatures:
 *
 * <ul>
 *   <li>{@code predict} (the default): x DT_FLOAT [-1,4] to doubled = 2x and negated = -x, both DT_FLOAT [-1,4];
 *   <li>{@code add}: a, b DT_FLOAT [-1] to sum = a + b;
 *   <li>{@code fail}: x DT_FLOAT [-1] to y; the engine always fails;
 *   <li>{@code identity_<dtype>} for every dtype in {@link #IDENTITY_TYPES}: v of any shape to v.
 * </ul>
 *
 * <p>Thread-safe. {@link #beforeEachRun} and {@link #beforeEachScope} let a test hold calls at those points;
 * {@link #runs()} counts the runs started and {@link #lastCaller()} keeps the caller of the latest. Closing it closes
 * every array it made.
 */
public final class FakeModel implements LoadedModel {
  /**
   * The dtypes the identity signatures carry: every one the PyTorch engine holds (engine-adapter's DTypeTable). Not
   * DT_INT16: creating a PyTorch array of it aborts the JVM, which is why a real model's contract with it is refused at
   * load; this model is not loaded, so it must not declare one.
   */
  public static final List<DType> IDENTITY_TYPES = List.of(DType.FLOAT, DType.DOUBLE, DType.HALF, DType.INT8,
      DType.UINT8, DType.INT32, DType.INT64, DType.BOOL);

  private final NDManager manager = NDManager.newBaseManager("PyTorch");
  private final Contract contract = buildContract();
  private final AtomicInteger runs = new AtomicInteger();
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile Runnable beforeEachRun = () -> {};
  private volatile Runnable beforeEachScope = () -> {};
  private volatile CallerDeadline lastCaller;

  @Override
  public Contract contract() {
    return contract;
  }

  @Override
  public EngineKind engine() {
    return EngineKind.PYTORCH;
  }

  @Override
  public NDManager newRequestScope() {
    beforeEachScope.run();
    return manager.newSubManager();
  }

  @Override
  public NDList predict(Signature signature, NDList inputs, CallerDeadline caller) {
    lastCaller = caller;
    runs.incrementAndGet();
    beforeEachRun.run();
    return switch (signature.name()) {
      case "predict" -> new NDList(inputs.get(0).mul(2), inputs.get(0).neg());
      case "add" -> new NDList(inputs.get(0).add(inputs.get(1)));
      case "fail" -> throw new InferenceException("the fake engine failed on purpose",
          new IllegalStateException("deep inside the engine"));
      default -> new NDList(inputs.get(0));
    };
  }

  @Override
  public void close() {
    synchronized (closed) {
      if (closed.getCount() > 0) {
        manager.close();
        closed.countDown();
      }
    }
  }

  /** Runs {@code hook} at the start of every run, on the calling thread (e.g. to hold runs in flight). */
  public FakeModel beforeEachRun(Runnable hook) {
    this.beforeEachRun = hook;
    return this;
  }

  /** Runs {@code hook} whenever a request scope is opened, before any input is decoded and before any run. */
  public FakeModel beforeEachScope(Runnable hook) {
    this.beforeEachScope = hook;
    return this;
  }

  /** The caller handed to the latest run (null before the first). */
  public CallerDeadline lastCaller() {
    return lastCaller;
  }

  /** How many runs have started. */
  public int runs() {
    return runs.get();
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed.getCount() == 0;
  }

  /** Waits up to {@code seconds} for {@link #close()}; whether it was called. */
  public boolean awaitClosed(long seconds) throws InterruptedException {
    return closed.await(seconds, TimeUnit.SECONDS);
  }

  /** The identity signature's name for a dtype, e.g. {@code identity_int8}. */
  public static String identity(DType type) {
    return "identity_" + type.name().toLowerCase(java.util.Locale.ROOT);
  }

  private static Contract buildContract() {
    List<Signature> signatures = new ArrayList<>();
    Shape rows4 = Shape.of(-1, 4);
    signatures.add(new Signature("predict", List.of(Field.tensor("x", DType.FLOAT, rows4)),
        List.of(Field.tensor("doubled", DType.FLOAT, rows4), Field.tensor("negated", DType.FLOAT, rows4))));
    Shape vector = Shape.of(-1);
    signatures.add(new Signature("add",
        List.of(Field.tensor("a", DType.FLOAT, vector), Field.tensor("b", DType.FLOAT, vector)),
        List.of(Field.tensor("sum", DType.FLOAT, vector))));
    signatures.add(new Signature("fail", List.of(Field.tensor("x", DType.FLOAT, vector)),
        List.of(Field.tensor("y", DType.FLOAT, vector))));
    for (DType type : IDENTITY_TYPES) {
      Field v = Field.tensor("v", type, Shape.unknownRank());
      signatures.add(new Signature(identity(type), List.of(v), List.of(v)));
    }
    return new Contract("fake", signatures);
  }
}
