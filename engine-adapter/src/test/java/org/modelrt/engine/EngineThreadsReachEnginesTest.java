package org.modelrt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.modelrt.fixtures.TestModels;
import org.tensorflow.proto.ConfigProto;

/**
 * The thread counts {@link EngineThreads} resolves reach the engines, seen at each engine as far as it can be seen:
 * libtorch reports its counts; ONNX Runtime's intra-op pool is counted as native threads (it makes an inter-op pool
 * only in its parallel execution mode, which modelrt does not use); TensorFlow has no getter, so its session config.
 */
final class EngineThreadsReachEnginesTest {
  private static final Path TASKS = Path.of("/proc/self/task");

  @Test
  void pyTorchHasTheIntraOpCountOfEachLoadAndTheInterOpCountOfTheFirst() throws Exception {
    Map<String, String> report =
        ChildJvm.run(PyTorchThreadsProbe.class, List.of(TestModels.dir("pt_linear").toString()));
    // intra/inter-op after a load with 2/3, then after one with 1/1 (inter-op is fixed when the engine starts)
    assertEquals("2/3,1/3", report.get("pytorch"), "counts seen by the loading thread");
    assertEquals("2/3,1/3", report.get("other"), "counts seen by another thread");
  }

  @Test
  void onnxRuntimeSessionHasAnIntraOpPoolOfTheResolvedSize() throws Exception {
    assumeTrue(Files.isDirectory(TASKS), "threads are counted through Linux's /proc");
    threadsStartedByLoading("ort-warm", 1); // ONNX Runtime's once-per-process threads, out of the way
    // The pool has n - 1 threads of its own: the calling thread is the n-th.
    assertEquals(2, threadsStartedByLoading("ort-intra-3", 3));
    assertEquals(0, threadsStartedByLoading("ort-intra-1", 1));
  }

  @Test
  void tensorFlowSessionIsConfiguredWithTheResolvedCounts() {
    ConfigProto explicit = TfSavedModel.sessionConfig(EngineOptions.defaults().withThreads(3, 2));
    assertEquals(3, explicit.getIntraOpParallelismThreads());
    assertEquals(2, explicit.getInterOpParallelismThreads());
    // Several predictors: one thread of each kind per call (no ai.djl.tensorflow.* property in the test JVM).
    ConfigProto pooled = TfSavedModel.sessionConfig(EngineOptions.defaults().withPredictors(4));
    assertEquals(1, pooled.getIntraOpParallelismThreads());
    assertEquals(1, pooled.getInterOpParallelismThreads());
  }

  /**
   * How many native threads loading onnx_linear with {@code intraOp} threads starts, counted while it is loaded: a
   * thread a native library starts carries the name of the thread that started it, here a loader of our own.
   *
   * @param loaderName at most 15 characters, the length Linux keeps
   */
  private static long threadsStartedByLoading(String loaderName, int intraOp) throws Exception {
    EngineOptions options = EngineOptions.defaults().withPredictors(1).withWarmupRuns(0).withThreads(intraOp, 1);
    AtomicLong started = new AtomicLong(-1);
    AtomicReference<Exception> failure = new AtomicReference<>();
    Thread loader =
        new Thread(
            () -> {
              try {
                long before = threadsNamed(loaderName);
                try (LoadedModel model = ModelLoader.load(TestModels.dir("onnx_linear"), options)) {
                  started.set(threadsNamed(loaderName) - before);
                }
              } catch (Exception e) {
                failure.set(e);
              }
            },
            loaderName);
    loader.start();
    loader.join();
    if (failure.get() != null) {
      throw failure.get();
    }
    return started.get();
  }

  private static long threadsNamed(String name) throws IOException {
    try (Stream<Path> tasks = Files.list(TASKS)) {
      return tasks.filter(task -> name.equals(comm(task))).count();
    }
  }

  private static String comm(Path task) {
    try {
      return Files.readString(task.resolve("comm")).strip();
    } catch (IOException gone) {
      return ""; // the thread ended after the listing
    }
  }
}
