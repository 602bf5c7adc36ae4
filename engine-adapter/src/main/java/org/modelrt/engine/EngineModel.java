package org.modelrt.engine;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.Optional;
import org.modelrt.contract.Contract;
import org.modelrt.contract.Signature;

/**
 * A model as one engine loaded it, before the contract is applied: what it says about itself, how a contract
 * signature binds to it, and predictors for it. Owns every native resource of the model; {@link #close()} frees them
 * after every predictor it made is closed. Loading is single-threaded; the predictors it makes are independent.
 */
interface EngineModel extends AutoCloseable {

  /** The engine that loaded it. */
  EngineKind engine();

  /** What the model says about its signatures; empty when it says nothing (TorchScript without signature.json). */
  Optional<Contract> describe();

  /**
   * How a contract signature binds to the model.
   *
   * @throws ModelLoadException when it cannot bind (count or name mismatch the engine-specific way)
   */
  EngineBinding bind(Signature signature) throws ModelLoadException;

  /** A new predictor running {@code signature}; not thread-safe; the caller closes it. */
  Predictor<NDList, NDList> newPredictor(Signature signature);

  /** Forgets what the calls so far left behind (a stateful graph's state; see {@link TfGraphState}); else nothing. */
  default void resetState() {}

  /** The model's manager; request scopes are its sub-managers. */
  NDManager manager();

  @Override
  void close();
}
