package org.modelrt.serving;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.modelrt.contract.Contract;
import org.modelrt.engine.LoadedModel;
import org.modelrt.engine.ModelLoadException;
import org.modelrt.serving.observe.ServingMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the registry's versions equal to what the configuration asks for: loads (and warms up, replaying its
 * TF Serving warmup file if it has one: {@link WarmupReplay}) each new version before it takes calls, then retires
 * the versions it replaces, which stop taking new calls and are unloaded once their calls in flight have finished;
 * removed versions and models are retired the same way. A version that fails to load ends with its error while the
 * others keep serving, and is tried again when its directory changes.
 *
 * <p>Thread-safe. Loads run one at a time on a loader thread, unloads on another; {@link #reconcile} is serialized.
 * {@link #close} retires everything and waits for the engines to be closed.
 */
public final class VersionManager implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(VersionManager.class);

  private final ModelRegistry registry;
  private final ModelSource source;
  private final ServingMetrics metrics;
  private final ExecutorService loader = Executors.newSingleThreadExecutor(daemon("modelrt-model-loader"));
  private final ExecutorService unloader = Executors.newSingleThreadExecutor(daemon("modelrt-model-unloader"));
  private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(daemon("modelrt-poll"));
  private final Map<ServableVersion, DirFingerprint> failedAt = new HashMap<>();
  private final Set<String> unlistable = new HashSet<>();
  private volatile List<ModelEntry> entries = List.of();
  private volatile boolean closed;

  public VersionManager(ModelRegistry registry, ModelSource source) {
    this(registry, source, ServingMetrics.global());
  }

  /** With version states and load times recorded in {@code metrics}. */
  public VersionManager(ModelRegistry registry, ModelSource source, ServingMetrics metrics) {
    this.registry = registry;
    this.source = source;
    this.metrics = metrics;
  }

  /** The registry it manages. */
  public ModelRegistry registry() {
    return registry;
  }

  /** The models now configured. */
  public List<ModelEntry> entries() {
    return entries;
  }

  /** Serves exactly {@code models} from now on (the first configuration, or a reload), then reconciles. */
  public synchronized void configure(List<ModelEntry> models) {
    entries = List.copyOf(models);
    Set<String> names = new HashSet<>();
    for (ModelEntry entry : models) {
      names.add(entry.name());
      registry.addModel(entry.name()).labels(entry.labels());
    }
    for (ServedModel model : registry.models().values()) {
      if (!names.contains(model.name())) {
        log.info("Model '{}' is no longer configured; unloading its versions", model.name());
        model.versions().values().forEach(this::retire);
        registry.removeModel(model.name());
      }
    }
    reconcile();
  }

  /** Reconciles every {@code period} from now on (TF Serving's file system poll); zero or negative: never. */
  public void pollEvery(Duration period) {
    if (!period.isZero() && !period.isNegative()) {
      long millis = period.toMillis();
      poller.scheduleWithFixedDelay(this::reconcileQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }
  }

  /** Loads what is aspired and not loaded, retires what is loaded and no longer aspired, updates the state. */
  public synchronized void reconcile() {
    if (closed) {
      return;
    }
    for (ModelEntry entry : entries) {
      ServedModel model = registry.model(entry.name());
      SortedMap<Long, Path> aspired = list(entry);
      if (model == null || aspired == null) {
        continue;
      }
      aspired.forEach((number, dir) -> startIfNeeded(entry, model, number, dir));
      if (settled(model, aspired)) {
        for (ServableVersion v : List.copyOf(model.versions().values())) {
          if (!aspired.containsKey(v.version())) {
            retire(v); // stays listed (UNLOADING) until its engine is closed
          }
        }
      }
    }
    updateState();
  }

  /**
   * Stops polling and loading, retires every version and waits for their engines to close. A load under way is not
   * interrupted (an engine interrupted while it maps its natives can take the JVM down with it): it finishes, and
   * its model is closed at once; loads not yet started never start.
   */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    poller.shutdownNow();
    loader.shutdown();
    for (ServedModel model : registry.models().values()) {
      model.versions().values().forEach(this::retire);
    }
    try {
      if (!loader.awaitTermination(60, TimeUnit.SECONDS)) {
        log.warn("A model was still loading after 60 s; exiting without closing it");
      }
      unloader.shutdown();
      if (!unloader.awaitTermination(60, TimeUnit.SECONDS)) {
        log.warn("Models still closing after 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private SortedMap<Long, Path> list(ModelEntry entry) {
    try {
      SortedMap<Long, Path> aspired = entry.versions().aspired();
      unlistable.remove(entry.name());
      return aspired;
    } catch (IOException | RuntimeException e) {
      if (unlistable.add(entry.name())) { // once per outage, not once per poll
        log.warn("Cannot list the versions of model '{}' ({}); the versions loaded keep serving", entry.name(),
            e.getMessage());
      }
      return null;
    }
  }

  private void startIfNeeded(ModelEntry entry, ServedModel model, long number, Path dir) {
    ServableVersion known = model.versions().get(number);
    if (known != null) {
      DirFingerprint before = failedAt.get(known);
      if (before == null || before.equals(DirFingerprint.of(dir))) {
        return; // loading, serving, or failed on exactly these files
      }
      failedAt.remove(known);
      log.info("Model '{}' version {} changed since it failed to load; trying again", entry.name(), number);
    }
    ServableVersion version = new ServableVersion(entry.name(), number, dir);
    model.versions().put(number, version);
    metrics.versionState(version.model(), number, version.state());
    loader.execute(() -> load(entry, version));
  }

  private void load(ModelEntry entry, ServableVersion version) {
    if (closed || !version.loading()) {
      return;
    }
    metrics.versionState(version.model(), version.version(), version.state());
    updateState();
    // The files as this attempt found them: a failure is retried once they differ, even if they changed meanwhile.
    DirFingerprint attempted = DirFingerprint.of(version.dir());
    long start = System.nanoTime();
    try {
      LoadedModel loaded = source.load(version.dir(), entry.options());
      Contract requests = registry.mode() == ModelRegistry.Mode.TF_SERVING
          ? ShapesLeftToEngine.of(loaded.contract()) : loaded.contract();
      replayWarmup(version, loaded, requests);
      if (!version.available(loaded, requests)) {
        loaded.close(); // retired while it loaded (its model was removed, or the runtime is stopping)
        return;
      }
      long nanos = System.nanoTime() - start;
      metrics.loaded(version.model(), version.dir(), nanos, true);
      log.info("Loaded model '{}' version {}: {} on {} from {}, signatures {}, in {} ms (warmup {} ms)",
          entry.name(), version.version(), loaded.engine().djlName(), loaded.device(), version.dir(),
          loaded.contract().signatures().stream().map(s -> s.name()).toList(), nanos / 1_000_000,
          loaded.warmupMillis());
    } catch (ModelLoadException e) {
      metrics.loaded(version.model(), version.dir(), System.nanoTime() - start, false);
      failed(version, attempted, e.getMessage(), e);
    } catch (Throwable e) { // an Error too (out of memory, stack overflow): else the version stays LOADING for ever
      metrics.loaded(version.model(), version.dir(), System.nanoTime() - start, false);
      failed(version, attempted, e.toString(), e);
    }
    metrics.versionState(version.model(), version.version(), version.state());
    reconcile();
  }

  /** TF Serving's warmup file, replayed before the version takes calls; the model is closed when it fails. */
  private void replayWarmup(ServableVersion version, LoadedModel loaded, Contract requests)
      throws ModelLoadException {
    try {
      int replayed = WarmupReplay.replay(registry.mode(), version, loaded, requests);
      if (replayed > 0) {
        log.info("Model '{}' version {}: replayed {} warmup requests", version.model(), version.version(), replayed);
      }
    } catch (ModelLoadException | RuntimeException e) {
      loaded.close();
      throw e;
    }
  }

  private void failed(ServableVersion version, DirFingerprint attempted, String reason, Throwable e) {
    log.error("Model '{}' version {} could not be loaded from {}: {}", version.model(), version.version(),
        version.dir(), reason, log.isDebugEnabled() ? e : null);
    synchronized (this) { // before the failure shows: a reconcile that sees it must also see what was tried
      failedAt.put(version, attempted);
    }
    version.failed(reason);
  }

  /** Whether the aspired versions have all finished loading (or failed) and at least one of them serves. */
  private static boolean settled(ServedModel model, SortedMap<Long, Path> aspired) {
    boolean anyAvailable = false;
    for (Long number : aspired.keySet()) {
      ServableVersion v = model.versions().get(number);
      if (v == null || v.state() == VersionState.START || v.state() == VersionState.LOADING) {
        return false;
      }
      anyAvailable |= v.state() == VersionState.AVAILABLE;
    }
    return anyAvailable;
  }

  private void retire(ServableVersion version) {
    failedAt.remove(version);
    if (version.state() == VersionState.AVAILABLE) {
      log.info("Unloading model '{}' version {} once its {} calls in flight finish", version.model(),
          version.version(), version.callsInFlight());
      metrics.versionState(version.model(), version.version(), VersionState.UNLOADING);
    }
    version.retire(v -> {
      try {
        unloader.execute(() -> unload(v));
      } catch (java.util.concurrent.RejectedExecutionException afterClose) {
        unload(v); // the last call of a version released after close(): close it on that call's thread
      }
    });
  }

  private void unload(ServableVersion v) {
    boolean hadModel = v.loaded() != null;
    v.close();
    ServedModel model = registry.model(v.model());
    if (model != null) {
      model.versions().remove(v.version(), v);
    }
    metrics.versionRemoved(v.model(), v.version());
    if (hadModel) {
      log.info("Unloaded model '{}' version {}", v.model(), v.version());
    }
  }

  private void reconcileQuietly() {
    try {
      reconcile();
    } catch (RuntimeException e) {
      log.warn("Polling the model versions failed: {}", e.toString());
    }
  }

  private void updateState() {
    StateSummary.update(registry, entries);
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
