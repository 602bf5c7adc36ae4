package org.modelrt.engine;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.modelrt.contract.Contract;
import org.modelrt.contract.Signature;

/**
 * A model loaded, checked against its contract, warmed up and ready to run.
 *
 * <p>Thread-safe: {@link #predict} may be called from any number of threads; concurrency is bounded by the predictor
 * pool. The caller owns each request scope and closes it when the response is written; closing it frees the inputs
 * created in it and the outputs the engine attached to it. The owner of the model closes it after the last request;
 * closing also closes any scope still open.
 *
 * <p>DT_STRING arrays are made and read with {@link StringTensors} (binary-safe on TensorFlow).
 */
public interface LoadedModel extends AutoCloseable {

  /** The contract requests are validated against (the given one, or the one derived from the model). */
  Contract contract();

  /** The engine running the model. */
  EngineKind engine();

  /** A new per-request scope in which to create the input arrays. */
  NDManager newRequestScope();

  /**
   * Runs one signature for a caller that never gives up: {@code predict(signature, inputs, CallerDeadline.NONE)}.
   */
  default NDList predict(Signature signature, NDList inputs) {
    return predict(signature, inputs, CallerDeadline.NONE);
  }

  /**
   * Runs one signature, unless {@code caller} gives up before the engine can run it.
   *
   * @param signature a signature of {@link #contract()}
   * @param inputs one array per signature input, in the signature's input order, created in a request scope; their
   *     names may be changed (each engine binds by name or by position, see {@link EngineKind})
   * @param caller how long the call may wait for a free predictor, and whether it is still wanted
   * @return one array per signature output, in the signature's output order, named by it, attached to the same scope
   * @throws InferenceException when the engine fails
   * @throws ModelBusyException when every predictor stayed busy for the borrow timeout
   * @throws CallAbandonedException when the caller gave up before the engine ran (it did not run)
   * @throws ModelClosedException once the model is closing (the engine did not run; answer UNAVAILABLE)
   * @throws IllegalArgumentException when the signature is not the contract's or the input count differs (a bug of
   *     the caller, which validates requests against the contract first)
   */
  NDList predict(Signature signature, NDList inputs, CallerDeadline caller);

  /**
   * Releases every native resource. Calls waiting for a predictor fail at once; calls already in the engine are
   * waited for (native memory is never freed under a running engine call), and when one outlasts the wait the
   * engine's memory is left for the process's exit to reclaim.
   */
  @Override
  void close();
}
