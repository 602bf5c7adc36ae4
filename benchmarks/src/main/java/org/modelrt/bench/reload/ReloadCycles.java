package org.modelrt.bench.reload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.modelrt.bench.fixture.TensorFlowNatives;
import org.modelrt.bench.load.ProcessMemory;
import org.modelrt.engine.CallerDeadline;
import org.modelrt.engine.EngineOptions;
import org.modelrt.engine.ModelLoader;
import org.modelrt.serving.Lease;
import org.modelrt.serving.ModelEntry;
import org.modelrt.serving.ModelRef;
import org.modelrt.serving.ModelRegistry;
import org.modelrt.serving.PredictCall;
import org.modelrt.serving.PredictPipeline;
import org.modelrt.serving.ServingState;
import org.modelrt.serving.VersionManager;
import org.modelrt.serving.VersionStatus;
import org.modelrt.serving.codec.ResponseEncoding;
import org.modelrt.serving.codec.WireFormat;
import org.modelrt.wire.tensor.DataType;
import org.modelrt.wire.tensor.TensorProto;
import org.modelrt.wire.tensor.TensorShapeProto;

/**
 * Does unloading free native memory? Serves a model in TF Serving mode from a temporary base path, rolls a new
 * version in {@code cycles} times (copy to a temporary name, rename in, the manager loads it, warms it, swaps it in
 * and unloads the old one), runs calls on each version, and prints this process's RSS after the first load and after
 * every cycle. Usage: {@code ReloadCycles <model files dir> [cycles=20] [calls per version=1000] [keep]}, e.g.
 * {@code test-models/tf_linear/files}. {@code keep} is the positive control: every version stays loaded (policy
 * "all"), so the same measurement must show RSS growing by each version's footprint. Bounded: it stops by itself.
 */
public final class ReloadCycles {
  private static final String MODEL = "m";

  private ReloadCycles() {}

  public static void main(String[] args) throws Exception {
    TensorFlowNatives.locate();
    System.setProperty("ai.djl.offline", "true");
    Path files = Path.of(args[0]);
    int cycles = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int calls = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    boolean keep = args.length > 3 && args[3].equals("keep");
    Path base = Files.createTempDirectory("modelrt-reload");
    ModelRegistry registry = new ModelRegistry(ModelRegistry.Mode.TF_SERVING, new ServingState("loading"));
    PredictPipeline pipeline = new PredictPipeline(registry, 4, 1 << 20, ResponseEncoding.TYPED);
    try (VersionManager manager = new VersionManager(registry, ModelLoader::load)) {
      rollIn(files, base, 1);
      manager.configure(List.of(new ModelEntry(MODEL, () -> versions(base, keep), Map.of(),
          EngineOptions.defaults().withWarmupRuns(1))));
      await(registry, 1, keep);
      run(pipeline, calls);
      List<Long> rss = new ArrayList<>();
      rss.add(rssMib());
      System.out.printf(Locale.ROOT, "after the first load: %d MiB%n", rss.get(0));
      for (int v = 2; v <= cycles + 1; v++) {
        rollIn(files, base, v);
        if (!keep) {
          deleteRecursively(base.resolve(Long.toString(v - 1)));
        }
        manager.reconcile();
        await(registry, v, keep);
        run(pipeline, calls);
        System.gc();
        rss.add(rssMib());
        System.out.printf(Locale.ROOT, "cycle %2d (version %d serving, %d unloaded): %d MiB%n", v - 1, v, v - 1,
            rss.get(rss.size() - 1));
      }
      long growth = rss.get(rss.size() - 1) - rss.get(0);
      System.out.printf(Locale.ROOT, "RSS: first load %d MiB, after %d load/unload cycles %d MiB (%+d MiB), max %d"
          + " MiB%n", rss.get(0), cycles, rss.get(rss.size() - 1), growth,
          rss.stream().mapToLong(Long::longValue).max().orElse(0));
    } finally {
      deleteRecursively(base);
    }
  }

  private static java.util.SortedMap<Long, Path> versions(Path base, boolean keep) throws IOException {
    java.util.TreeMap<Long, Path> found = new java.util.TreeMap<>();
    try (Stream<Path> dirs = Files.list(base)) {
      dirs.filter(d -> d.getFileName().toString().matches("\\d+"))
          .forEach(d -> found.put(Long.parseLong(d.getFileName().toString()), d));
    }
    return found.isEmpty() || keep ? found
        : new java.util.TreeMap<>(Map.of(found.lastKey(), found.lastEntry().getValue()));
  }

  private static void rollIn(Path files, Path base, long version) throws IOException {
    Path staging = base.resolve(version + ".tmp");
    try (Stream<Path> all = Files.walk(files)) {
      for (Path p : all.toList()) {
        Path copy = staging.resolve(files.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(p, copy);
        }
      }
    }
    Files.move(staging, base.resolve(Long.toString(version)));
  }

  /** Waits until {@code version} serves (alone, the one before it unloaded, unless {@code keep}). */
  private static void await(ModelRegistry registry, long version, boolean keep) throws InterruptedException {
    long end = System.nanoTime() + 120_000_000_000L;
    while (System.nanoTime() < end) {
      List<VersionStatus> statuses = registry.status(ModelRef.latest(MODEL));
      if ((keep || statuses.size() == 1) && statuses.get(0).version() == version
          && statuses.get(0).state() == org.modelrt.serving.VersionState.AVAILABLE) {
        return;
      }
      Thread.sleep(10);
    }
    throw new IllegalStateException("version " + version + " did not take over: " + registry.status(
        ModelRef.latest(MODEL)));
  }

  private static void run(PredictPipeline pipeline, int calls) {
    TensorProto x;
    try (Lease lease = pipeline.registry().acquire(ModelRef.latest(MODEL))) {
      var field = lease.loaded().contract().defaultSignature().orElseThrow().inputs().get(0);
      long width = field.shape().rank() == 2 && field.shape().dim(1) > 0 ? field.shape().dim(1) : 1;
      TensorProto.Builder b = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(
          TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dim.newBuilder().setSize(1))
              .addDim(TensorShapeProto.Dim.newBuilder().setSize(width)));
      for (int i = 0; i < width; i++) {
        b.addFloatVal(i);
      }
      x = b.build();
      PredictCall<TensorProto> call = new PredictCall<>(ModelRef.latest(MODEL), "", Map.of(field.name(), x),
          List.of());
      for (int i = 0; i < calls; i++) {
        pipeline.predict(call, WireFormat.TENSOR_PROTO, CallerDeadline.NONE);
      }
    }
  }

  private static long rssMib() {
    OptionalLong kib = ProcessMemory.rssKib(ProcessHandle.current().pid());
    return kib.orElse(-1) / 1024;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
