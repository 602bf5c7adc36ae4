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
   * Runs one signature.
   *
   * @param signature a signature of {@link #contract()}
   * @param inputs one array per signature input, in the signature's input order, created in a request scope; their
   *     names may be changed (each engine binds by name or by position, see {@link EngineKind})
   * @return one array per signature output, in the signature's output order, named by it, attached to the same scope
   * @throws InferenceException when the engine fails
   * @throws ModelBusyException when every predictor stayed busy for the borrow timeout
   * @throws IllegalArgumentException when the signature is not the contract's or the input count differs (a bug of
   *     the caller, which validates requests against the contract first)
   */
  NDList predict(Signature signature, NDList inputs);

  /** Releases every native resource. */
  @Override
  void close();
}
