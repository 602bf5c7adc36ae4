package org.modelrt.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.tensorflow.engine.SavedModelBundle;
import ai.djl.tensorflow.engine.TfNDArray;
import ai.djl.tensorflow.engine.javacpp.JavacppUtils;
import ai.djl.util.Pair;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.tensorflow.internal.c_api.TFE_TensorHandle;
import org.tensorflow.internal.c_api.TF_Operation;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_Tensor;
import org.tensorflow.proto.CollectionDef;

/**
 * The state of a stateful TF1 graph, carried from call to call as upstream Hydrosphere's TensorFlow runtime does
 * (hydro-serving-tensorflow {@code src/LoadedModel.py} and {@code src/tf_runtime_service.py}; docs/engines.md,
 * "Stateful TensorFlow graphs"): the MetaGraphDef collection {@code h_zero_states} names the tensors holding the
 * initial state and {@code h_state_placeholders} the tensors computing the next state, paired by index. The state
 * starts as the zero-state tensors' values; every call feeds it into the zero-state tensors, also fetches the
 * state placeholders, and their values become the state of the next call. One state per loaded model, shared by
 * its signatures and never returned to the client.
 *
 * <p>Thread-safe: calls are serialized on the state (upstream did not lock; concurrent calls there could lose an
 * update). The state lives in native tensors owned here, freed as it is replaced and on {@link #close()}.
 */
final class TfGraphState implements AutoCloseable {
  static final String ZERO_STATES = "h_zero_states";
  static final String STATE_PLACEHOLDERS = "h_state_placeholders";

  /** One tensor of the graph: an operation's output. */
  record Endpoint(String name, TF_Operation op, int index) {}

  private final TF_Session session;
  private final Endpoint[] zeroStates;
  private final Endpoint[] next;
  private final ReentrantLock lock = new ReentrantLock();
  private TF_Tensor[] state = new TF_Tensor[0]; // guarded by lock

  private TfGraphState(TF_Session session, Endpoint[] zeroStates, Endpoint[] next) {
    this.session = session;
    this.zeroStates = zeroStates;
    this.next = next;
  }

  /**
   * The state of the bundle's graph, evaluated from its zero-state tensors; empty when the graph is stateless (no
   * {@code h_state_placeholders}, as upstream decides).
   *
   * @throws ModelLoadException when the collections do not pair up or name tensors the graph lacks
   */
  static Optional<TfGraphState> of(SavedModelBundle bundle, String source) throws ModelLoadException {
    Map<String, CollectionDef> collections = bundle.getMetaGraphDef().getCollectionDefMap();
    List<String> next = tensors(collections, STATE_PLACEHOLDERS);
    List<String> zero = tensors(collections, ZERO_STATES);
    if (next.isEmpty()) {
      return Optional.empty();
    }
    if (zero.size() != next.size()) {
      throw new ModelLoadException(source + " is a stateful graph whose collections do not pair up: "
          + STATE_PLACEHOLDERS + " has " + next.size() + " tensors " + next + ", " + ZERO_STATES + " has "
          + zero.size() + " " + zero + " (the i-th of each go together)");
    }
    TfGraphState state = new TfGraphState(bundle.getSession(),
        endpoints(bundle, zero, ZERO_STATES, source), endpoints(bundle, next, STATE_PLACEHOLDERS, source));
    state.reset();
    return Optional.of(state);
  }

  private static List<String> tensors(Map<String, CollectionDef> collections, String name) {
    CollectionDef collection = collections.get(name);
    return collection == null ? List.of() : collection.getNodeList().getValueList();
  }

  private static Endpoint[] endpoints(SavedModelBundle bundle, List<String> names, String collection, String source)
      throws ModelLoadException {
    Endpoint[] endpoints = new Endpoint[names.size()];
    for (int i = 0; i < endpoints.length; i++) {
      endpoints[i] = endpoint(bundle, names.get(i), source + " collection " + collection);
    }
    return endpoints;
  }

  /** The graph tensor {@code op:index} (or {@code op}, index 0). */
  static Endpoint endpoint(SavedModelBundle bundle, String name, String where) throws ModelLoadException {
    try {
      Pair<TF_Operation, Integer> op = JavacppUtils.getGraphOperationByName(bundle.getGraph(), name);
      return new Endpoint(name, op.getKey(), op.getValue());
    } catch (IllegalArgumentException e) {
      throw new ModelLoadException(where + " names tensor '" + name + "', which is not in the graph", e);
    }
  }

  /** Sets the state to the zero-state tensors' values, as at load (after warmup, which ran on made-up inputs). */
  void reset() {
    lock.lock();
    try {
      replaceState(JavacppUtils.runSession(session, null, new TF_Tensor[0], new TF_Operation[0], new int[0],
          ops(zeroStates), indices(zeroStates), new TF_Operation[0]));
    } finally {
      lock.unlock();
    }
  }

  /**
   * One call: feeds {@code arrays} into {@code inputs} and the state into the zero-state tensors, fetches
   * {@code outputs} and the next state, which replaces the state.
   *
   * @param arrays TensorFlow arrays, one per input endpoint, all in the request scope
   * @param outputNames the names the fetched outputs get, one per output endpoint
   * @return the outputs, created in the arrays' scope
   */
  NDList run(Endpoint[] inputs, NDList arrays, Endpoint[] outputs, String[] outputNames) {
    NDManager scope = arrays.head().getManager();
    TF_Tensor[] feeds = new TF_Tensor[inputs.length + zeroStates.length];
    for (int i = 0; i < inputs.length; i++) {
      feeds[i] = JavacppUtils.resolveTFETensor(((TfNDArray) arrays.get(i)).getHandle());
    }
    Endpoint[] fed = concat(inputs, zeroStates);
    Endpoint[] fetched = concat(outputs, next);
    lock.lock();
    try {
      System.arraycopy(state, 0, feeds, inputs.length, state.length);
      TF_Tensor[] results = JavacppUtils.runSession(session, null, feeds, ops(fed), indices(fed), ops(fetched),
          indices(fetched), new TF_Operation[0]);
      // the next state is kept first, so that a failure copying the outputs still leaves a consistent state
      replaceState(Arrays.copyOfRange(results, outputs.length, results.length));
      NDList answer = new NDList(outputs.length);
      try {
        for (int i = 0; i < outputs.length; i++) {
          answer.add(toArray(results[i], scope, outputNames[i]));
        }
      } finally {
        Arrays.stream(results, 0, outputs.length).forEach(TF_Tensor::close);
      }
      return answer;
    } finally {
      lock.unlock();
      for (int i = 0; i < inputs.length; i++) {
        feeds[i].close(); // the resolved views of the inputs; the state tensors are closed as they are replaced
      }
    }
  }

  /** A copy of a fetched tensor in the request scope (DJL's own wrapper is not public). */
  private static NDArray toArray(TF_Tensor tensor, NDManager scope, String name) {
    TFE_TensorHandle handle = JavacppUtils.createTFETensor(tensor);
    try {
      DataType type = JavacppUtils.getDataType(handle);
      Shape shape = JavacppUtils.getShape(handle);
      NDArray array = type == DataType.STRING
          ? scope.create(JavacppUtils.getString(handle, Math.toIntExact(shape.size()), StandardCharsets.ISO_8859_1),
              StandardCharsets.ISO_8859_1, shape) // TensorFlow strings are bytes: one char per byte (StringTensors)
          : scope.create(JavacppUtils.getByteBuffer(handle), shape, type);
      array.setName(name);
      return array;
    } finally {
      handle.close();
    }
  }

  private void replaceState(TF_Tensor[] fresh) {
    Arrays.stream(state).forEach(TF_Tensor::close);
    state = fresh;
  }

  private static Endpoint[] concat(Endpoint[] a, Endpoint[] b) {
    Endpoint[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  private static TF_Operation[] ops(Endpoint[] endpoints) {
    return Arrays.stream(endpoints).map(Endpoint::op).toArray(TF_Operation[]::new);
  }

  private static int[] indices(Endpoint[] endpoints) {
    return Arrays.stream(endpoints).mapToInt(Endpoint::index).toArray();
  }

  /** Frees the state; the caller has stopped every call. */
  @Override
  public void close() {
    lock.lock();
    try {
      replaceState(new TF_Tensor[0]);
    } finally {
      lock.unlock();
    }
  }
}
