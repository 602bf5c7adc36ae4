package org.modelrt.server.rpc;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.modelrt.engine.LoadedModel;

/**
 * Where the runtime stands, the one source that G2 Status, the health service and Predict all read: loading,
 * serving a model, failed to load (with the reason), or stopping.
 *
 * <p>Thread-safe: transitions are serialized and every listener sees them in order. It never closes the model: the
 * owner that made it serving closes it, after the server has drained (see {@link #stopping}).
 */
public final class ServingState {
  /** The runtime's phase. */
  public enum Phase {
    /** The server listens; the model is loading or warming up. */
    LOADING,
    /** The model is loaded and warmed up. */
    SERVING,
    /** The model could not be loaded; the process stays up to report why. */
    FAILED,
    /** Shutting down: no new calls; calls already accepted still run. */
    STOPPING
  }

  /**
   * One observed state.
   *
   * @param message what a client is told: the source while loading, the model while serving, the reason of a failure
   * @param model the loaded model, or {@code null} before it is loaded and after a failure
   */
  public record Snapshot(Phase phase, String message, LoadedModel model) {}

  private final List<Consumer<Snapshot>> listeners = new ArrayList<>();
  private volatile Snapshot current;

  /** Starts in {@link Phase#LOADING} with this message (e.g. where the model is loaded from). */
  public ServingState(String loadingMessage) {
    current = new Snapshot(Phase.LOADING, loadingMessage, null);
  }

  /** The current state. */
  public Snapshot snapshot() {
    return current;
  }

  /**
   * The model is loaded and warmed up.
   *
   * @return {@code false} when the runtime is already stopping; the caller then closes the model itself
   */
  public synchronized boolean serving(LoadedModel model, String message) {
    if (current.phase() == Phase.STOPPING) {
      return false;
    }
    set(new Snapshot(Phase.SERVING, message, model));
    return true;
  }

  /** Loading failed; {@code reason} is what Status and Predict report. Ignored once stopping. */
  public synchronized void failed(String reason) {
    if (current.phase() != Phase.STOPPING) {
      set(new Snapshot(Phase.FAILED, reason, null));
    }
  }

  /**
   * Starts shutting down: health turns NOT_SERVING, calls already accepted still run on the model.
   *
   * @return the model, for the caller to close once the server has drained; {@code null} when none was loaded
   */
  public synchronized LoadedModel stopping(String message) {
    LoadedModel model = current.model();
    set(new Snapshot(Phase.STOPPING, message, model));
    return model;
  }

  /** Calls {@code listener} with the current state now and with every later one. */
  public synchronized void addListener(Consumer<Snapshot> listener) {
    listeners.add(listener);
    listener.accept(current);
  }

  /**
   * The model a request runs on.
   *
   * @throws NotReadyException while loading, after a failed load, or when stopping before any model was loaded
   */
  LoadedModel requireModel() {
    Snapshot s = current;
    if (s.model() != null) {
      return s.model();
    }
    throw new NotReadyException(switch (s.phase()) {
      case LOADING -> "the model is not loaded yet (" + s.message() + ")";
      case FAILED -> "the model failed to load: " + s.message();
      default -> "the server is shutting down";
    });
  }

  private void set(Snapshot next) {
    current = next;
    listeners.forEach(l -> l.accept(next));
  }
}
