package org.modelrt.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelrt.engine.EngineOptions;
import org.modelrt.engine.ModelLoadException;
import org.modelrt.serving.ServingException.Code;

/** The version manager's life cycle on a fake source: load before serving, swap, drain, unload, failures. */
final class VersionManagerTest {
  @TempDir Path base;

  private final Map<Path, CountingModel> loaded = new ConcurrentHashMap<>();
  private final SortedMap<Long, Path> aspired = java.util.Collections.synchronizedSortedMap(new TreeMap<>());
  private volatile CountDownLatch loadGate = new CountDownLatch(0);
  private final ModelSource source = (dir, options) -> {
    await(loadGate);
    if (Files.exists(dir.resolve("broken"))) {
      throw new ModelLoadException("no model file in " + dir);
    }
    CountingModel model = new CountingModel(dir.getFileName().toString());
    loaded.put(dir, model);
    return model;
  };
  private final ModelRegistry registry = new ModelRegistry(ModelRegistry.Mode.TF_SERVING, new ServingState("loading"));
  private final VersionManager manager = new VersionManager(registry, source);

  @AfterEach
  void close() {
    manager.close();
  }

  private ModelEntry entry(String name) {
    return new ModelEntry(name, () -> new TreeMap<>(aspired), Map.of("stable", 1L), EngineOptions.defaults());
  }

  private Path version(long n) throws Exception {
    Path dir = Files.createDirectories(base.resolve(Long.toString(n)));
    aspired.put(n, dir);
    return dir;
  }

  @Test
  void aNewVersion_servesOnlyOnceLoaded_thenTheOldOneDrainsAndUnloads() throws Exception {
    Path v1 = version(1);
    manager.configure(List.of(entry("m")));
    eventually(() -> registry.state().snapshot().phase() == ServingState.Phase.SERVING);

    Lease held = registry.acquire(ModelRef.latest("m")); // a call in flight on version 1
    loadGate = new CountDownLatch(1);
    aspired.clear();
    Path v2 = version(2);
    manager.reconcile();
    assertEquals(1, latestVersion(), "version 2 is loading: version 1 still answers");

    loadGate.countDown();
    eventually(() -> latestVersion() == 2);
    eventually(() -> statusOf(1).state() == VersionState.UNLOADING); // retired while a call holds it
    assertEquals(0, loaded.get(v1).closes(), "not closed under the call in flight");
    held.close();
    eventually(() -> loaded.get(v1).closes() == 1);
    eventually(() -> registry.status(ModelRef.latest("m")).size() == 1);
    assertEquals(0, loaded.get(v2).closes());
  }

  @Test
  void aVersionThatFailsToLoad_endsWithItsError_andTheOthersKeepServing() throws Exception {
    version(1);
    manager.configure(List.of(entry("m")));
    eventually(() -> registry.state().snapshot().phase() == ServingState.Phase.SERVING);

    Files.createFile(version(2).resolve("broken"));
    aspired.remove(1L);
    manager.reconcile();
    eventually(() -> statusOf(2).state() == VersionState.END);

    assertEquals("no model file in " + base.resolve("2"), statusOf(2).error());
    assertEquals(1, latestVersion(), "version 1 is kept while no aspired version serves");
    assertEquals(ServingState.Phase.SERVING, registry.state().snapshot().phase());
  }

  @Test
  void aFailedVersion_isTriedAgainOnlyWhenItsDirectoryChanges() throws Exception {
    Path v1 = version(1);
    Files.createFile(v1.resolve("broken"));
    manager.configure(List.of(entry("m")));
    eventually(() -> registry.state().snapshot().phase() == ServingState.Phase.FAILED);
    manager.reconcile();
    manager.reconcile();
    assertEquals(VersionState.END, statusOf(1).state(), "the same files are not loaded again on every poll");

    Files.delete(v1.resolve("broken")); // the copy finished
    Files.writeString(v1.resolve("saved_model.pb"), "now complete");
    manager.reconcile();
    eventually(() -> registry.state().snapshot().phase() == ServingState.Phase.SERVING);
    assertEquals(1, latestVersion());
  }

  @Test
  void removedModels_areUnloaded_andUnknownOnesAreNotFound() throws Exception {
    Path v1 = version(1);
    manager.configure(List.of(entry("a")));
    eventually(() -> registry.state().snapshot().phase() == ServingState.Phase.SERVING);
    CountingModel a1 = loaded.get(v1);

    Path b1 = Files.createDirectories(base.resolve("b1"));
    manager.configure(List.of(new ModelEntry("b", ModelEntry.fixed(1, b1), Map.of(), EngineOptions.defaults())));
    eventually(() -> a1.closes() == 1);
    ServingException e = assertThrows(ServingException.class, () -> registry.acquire(ModelRef.latest("a")));
    assertEquals(Code.NOT_FOUND, e.code());
    assertEquals("Servable not found for request: Latest(a); this server serves ['b']", e.getMessage());
  }

  @Test
  void versionsAndLabels_pickTheirVersion_andUnknownOnesAreNotFound() throws Exception {
    version(1);
    version(2);
    manager.configure(List.of(entry("m")));
    eventually(() -> registry.status(ModelRef.latest("m")).stream()
        .allMatch(s -> s.state() == VersionState.AVAILABLE));

    try (Lease latest = registry.acquire(ModelRef.latest("m"));
        Lease one = registry.acquire(new ModelRef("m", OptionalLong.of(1), ""));
        Lease stable = registry.acquire(new ModelRef("m", OptionalLong.empty(), "stable"))) {
      assertEquals(2, latest.version());
      assertEquals(1, one.version());
      assertEquals(1, stable.version());
    }
    assertEquals("Servable not found for request: Specific(m, 3); model 'm' has the available versions [2, 1]",
        assertThrows(ServingException.class, () -> registry.acquire(new ModelRef("m", OptionalLong.of(3), "")))
            .getMessage());
    assertEquals("Servable not found for request: Labeled(m, canary); model 'm' has the version labels ['stable']",
        assertThrows(ServingException.class, () -> registry.acquire(new ModelRef("m", OptionalLong.empty(),
            "canary"))).getMessage());
  }

  @Test
  void aModelRemovedWhileItsVersionLoads_hasThatVersionClosedOnceLoaded_neverServed() throws Exception {
    loadGate = new CountDownLatch(1);
    Path v1 = version(1);
    manager.configure(List.of(entry("a")));
    eventually(() -> registry.status(ModelRef.latest("a")).stream().anyMatch(s -> s.state() == VersionState.LOADING));

    manager.configure(List.of());
    loadGate.countDown();

    eventually(() -> loaded.containsKey(v1) && loaded.get(v1).closes() == 1);
    assertEquals(Code.UNAVAILABLE, assertThrows(ServingException.class,
        () -> registry.acquire(ModelRef.latest("a"))).code());
  }

  @Test
  void close_unloadsEveryVersion() throws Exception {
    Path v1 = version(1);
    manager.configure(List.of(entry("m")));
    eventually(() -> registry.state().snapshot().phase() == ServingState.Phase.SERVING);

    manager.close();

    assertEquals(1, loaded.get(v1).closes());
    assertFalse(registry.state().isStopping(), "the runtime, not the manager, says it is stopping");
  }

  private long latestVersion() {
    try (Lease lease = registry.acquire(ModelRef.latest("m"))) {
      return lease.version();
    }
  }

  private VersionStatus statusOf(long version) {
    return registry.status(new ModelRef("m", OptionalLong.of(version), "")).get(0);
  }

  private static void eventually(BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < end, "condition not met within 10 s");
      Thread.sleep(5);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
