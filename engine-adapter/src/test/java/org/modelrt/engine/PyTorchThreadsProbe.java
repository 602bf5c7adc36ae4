package org.modelrt.engine;

import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Path;

/**
 * Run by {@link EngineThreadsReachEnginesTest} in a fresh JVM, where modelrt starts PyTorch: loads the TorchScript
 * model given with intra/inter-op threads 2/3, then 1/1, and reports the counts libtorch has after each load.
 */
public final class PyTorchThreadsProbe {
  private PyTorchThreadsProbe() {}

  public static void main(String[] args) throws Exception {
    EngineOptions options = EngineOptions.defaults().withPredictors(2).withWarmupRuns(0);
    for (int[] threads : new int[][] {{2, 3}, {1, 1}}) {
      try (LoadedModel model = ModelLoader.load(Path.of(args[0]), options.withThreads(threads[0], threads[1]))) {
        System.out.println(
            ChildJvm.PREFIX + "pytorch=" + JniUtils.getNumThreads() + "/" + JniUtils.getNumInteropThreads());
        Thread other = new Thread(() -> System.out.println(
            ChildJvm.PREFIX + "other=" + JniUtils.getNumThreads() + "/" + JniUtils.getNumInteropThreads()));
        other.start();
        other.join();
      }
    }
  }
}
