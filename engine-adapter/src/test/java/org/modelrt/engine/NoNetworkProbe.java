package org.modelrt.engine;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.util.Utils;
import java.io.IOException;
import java.net.ProxySelector;
import java.net.URL;
import java.nio.file.Path;
import org.modelrt.contract.Field;
import org.modelrt.contract.Signature;

/**
 * Run by {@link NoNetworkTest} in a fresh JVM with no DJL or natives setting at all: records every network attempt
 * from the first instruction on, loads each model directory given and runs every signature on zeros, makes one
 * deliberate attempt (to show that the recorder does see one), then reports as {@code probe.key=value} lines. The
 * attempts are read last, so that one an engine makes in the background after its load or predict is not missed.
 */
public final class NoNetworkProbe {
  private static final String PREFIX = ChildJvm.PREFIX;
  /** The deliberate attempt. */
  static final String SELF_CHECK = "http://modelrt-selfcheck.invalid/";

  private NoNetworkProbe() {}

  public static void main(String[] modelDirs) throws Exception {
    RecordingProxySelector recorder = new RecordingProxySelector();
    ProxySelector.setDefault(recorder);
    EngineOptions options = EngineOptions.defaults().withPredictors(1).withWarmupRuns(2);
    for (String dir : modelDirs) {
      try (LoadedModel model = ModelLoader.load(Path.of(dir), options)) {
        System.out.println(PREFIX + "loaded=" + model.engine());
        for (Signature signature : model.contract().signatures()) {
          predictOnZeros(model, signature);
          System.out.println(PREFIX + "predicted=" + model.engine() + ":" + signature.name());
        }
      }
    }
    System.out.println(PREFIX + "offline=" + System.getProperty(DjlSettings.OFFLINE));
    System.out.println(PREFIX + "tensorflow=" + System.getProperty(NativeLibraries.TF_PATH));
    try {
      Utils.openUrl("https://publish.djl.ai/tensorflow/2.16.1/files.txt").close();
      System.out.println(PREFIX + "djl=downloaded");
    } catch (IOException e) {
      System.out.println(PREFIX + "djl=" + e.getMessage());
    }
    try {
      new URL(SELF_CHECK).openConnection().connect();
    } catch (IOException expected) {
      // the dead proxy refuses it
    }
    System.out.println(PREFIX + "attempts=" + recorder.asked());
  }

  private static void predictOnZeros(LoadedModel model, Signature signature) {
    try (NDManager scope = model.newRequestScope()) {
      NDList inputs = new NDList();
      for (Field field : signature.inputs()) {
        inputs.add(Warmup.zeros(scope, field));
      }
      model.predict(signature, inputs);
    }
  }
}
