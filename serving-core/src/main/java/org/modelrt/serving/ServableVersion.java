package org.modelrt.serving;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.modelrt.contract.Contract;
import org.modelrt.engine.LoadedModel;

/**
 * One version of one model through its life: START, LOADING, AVAILABLE (takes calls), UNLOADING (takes no new calls;
 * closed once the calls it holds have finished), END (unloaded, or failed to load with {@link #error()}).
 *
 * <p>Thread-safe. Calls {@link #tryAcquire} a version before using its model and {@link #release} it after; a retired
 * version is closed by whichever of {@link #retire} and the last {@link #release} comes second, on {@code closer},
 * so no engine memory is ever freed under a running call and no caller thread waits for an engine to close.
 */
public final class ServableVersion {
  private final String model;
  private final long version;
  private final Path dir;
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicBoolean closing = new AtomicBoolean();
  private volatile VersionState state = VersionState.START;
  private volatile boolean retired;
  private volatile LoadedModel loaded;
  private volatile Contract requests;
  private volatile String error = "";
  private volatile Consumer<ServableVersion> closer = ServableVersion::close;

  ServableVersion(String model, long version, Path dir) {
    this.model = model;
    this.version = version;
    this.dir = dir;
  }

  public String model() {
    return model;
  }

  public long version() {
    return version;
  }

  /** The directory it is (or was) loaded from. */
  public Path dir() {
    return dir;
  }

  public VersionState state() {
    return state;
  }

  /** Why it failed to load; empty unless it ended that way. */
  public String error() {
    return error;
  }

  /** The loaded model; only while {@link #tryAcquire} holds the version. */
  public LoadedModel loaded() {
    return loaded;
  }

  /** Starts loading; {@code false} when the version was retired before its load began. */
  synchronized boolean loading() {
    if (retired) {
      return false;
    }
    state = VersionState.LOADING;
    return true;
  }

  /** What requests are validated against: the model's contract, or with shapes left to the engine. */
  Contract requests() {
    return requests;
  }

  /**
   * The model is loaded and warmed up: the version takes calls from now on.
   *
   * @return {@code false} when the version was retired while it loaded; the caller then closes {@code model}
   */
  synchronized boolean available(LoadedModel model, Contract requests) {
    if (retired) {
      return false;
    }
    this.loaded = model;
    this.requests = requests;
    this.state = VersionState.AVAILABLE;
    return true;
  }

  void failed(String reason) {
    this.error = reason;
    this.state = VersionState.END;
  }

  /** Takes a use of the model, unless it is no longer (or not yet) taking calls. */
  boolean tryAcquire() {
    if (state != VersionState.AVAILABLE) {
      return false;
    }
    calls.incrementAndGet();
    if (retired) { // retired between the check and the increment: give the use back
      release();
      return false;
    }
    return true;
  }

  /** Gives back a use taken by {@link #tryAcquire}. */
  void release() {
    if (calls.decrementAndGet() == 0 && retired) {
      closeOnce();
    }
  }

  /**
   * Stops taking new calls; the model is closed on {@code closer} once the calls in flight have finished (at once
   * when there are none). Idempotent.
   */
  void retire(Consumer<ServableVersion> closer) {
    synchronized (this) {
      this.closer = closer;
      if (state == VersionState.AVAILABLE || state == VersionState.LOADING) {
        state = VersionState.UNLOADING;
      }
      retired = true;
    }
    if (calls.get() == 0) {
      closeOnce();
    }
  }

  /** Calls in flight on this version. */
  int callsInFlight() {
    return calls.get();
  }

  private void closeOnce() {
    if (closing.compareAndSet(false, true)) {
      closer.accept(this);
    }
  }

  /** Closes the model (when it has one) and ends the version; the default closer, and what custom closers call. */
  void close() {
    LoadedModel model = loaded;
    loaded = null;
    if (model != null) {
      model.close();
    }
    if (state != VersionState.END) {
      state = VersionState.END;
    }
  }

  @Override
  public String toString() {
    return model + " version " + version;
  }
}
