package org.modelrt.serving;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where the runtime as a whole stands, the one source that G2 Status and the health service read: loading,
 * serving (every configured model has a version taking calls), failed to load (with the reason), or stopping. The
 * {@link ModelRegistry} says which model a call runs on; this says what health reports.
 *
 * <p>Thread-safe: transitions are serialized and every listener sees them in order.
 */
public final class ServingState {
  /** The runtime's phase. */
  public enum Phase {
    /** The server listens; a model is loading or warming up. */
    LOADING,
    /** Every model has a version loaded and warmed up. */
    SERVING,
    /** A model has no version and none is loading; the process stays up to report why. */
    FAILED,
    /** Shutting down: no new calls; calls already accepted still run. */
    STOPPING
  }

  /**
   * One observed state.
   *
   * @param message what a client is told: the source while loading, the models while serving, the reason of a failure
   */
  public record Snapshot(Phase phase, String message) {}

  private final List<Consumer<Snapshot>> listeners = new ArrayList<>();
  private volatile Snapshot current;

  /** Starts in {@link Phase#LOADING} with this message (e.g. where the model is loaded from). */
  public ServingState(String loadingMessage) {
    current = new Snapshot(Phase.LOADING, loadingMessage);
  }

  /** The current state. */
  public Snapshot snapshot() {
    return current;
  }

  /** Back to loading (a model was added, or lost its last version), unless stopping. */
  public synchronized void loading(String message) {
    transition(Phase.LOADING, message);
  }

  /** Every model is serving, unless stopping. */
  public synchronized void serving(String message) {
    transition(Phase.SERVING, message);
  }

  /** Loading failed; {@code reason} is what Status and Predict report. Ignored once stopping. */
  public synchronized void failed(String reason) {
    transition(Phase.FAILED, reason);
  }

  /** Starts shutting down: health turns NOT_SERVING for good; calls already accepted still run. */
  public synchronized void stopping(String message) {
    set(new Snapshot(Phase.STOPPING, message));
  }

  /** Whether {@link #stopping} has been called. */
  public boolean isStopping() {
    return current.phase() == Phase.STOPPING;
  }

  /** Calls {@code listener} with the current state now and with every later one. */
  public synchronized void addListener(Consumer<Snapshot> listener) {
    listeners.add(listener);
    listener.accept(current);
  }

  private void transition(Phase phase, String message) {
    if (current.phase() != Phase.STOPPING && !(current.phase() == phase && current.message().equals(message))) {
      set(new Snapshot(phase, message));
    }
  }

  private void set(Snapshot next) {
    current = next;
    listeners.forEach(l -> l.accept(next));
  }
}
