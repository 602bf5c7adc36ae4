package org.modelrt.engine;

import ai.djl.util.Utils;
import java.io.IOException;
import java.net.ProxySelector;
import java.net.URL;
import java.nio.file.Path;

/**
 * Run by {@link NoNetworkTest} in a fresh JVM with no DJL or natives setting at all: records every network attempt
 * from the first instruction on, loads and runs each model directory given, then reports what it saw as
 * {@code probe.key=value} lines. Ends with a deliberate attempt, to show that the recorder does see one.
 */
public final class NoNetworkProbe {
  /** Marks the report lines among the engines' own output. */
  static final String PREFIX = "probe.";

  private NoNetworkProbe() {}

  public static void main(String[] modelDirs) throws Exception {
    RecordingProxySelector recorder = new RecordingProxySelector();
    ProxySelector.setDefault(recorder);
    EngineOptions options = EngineOptions.defaults().withPredictors(1).withWarmupRuns(2);
    for (String dir : modelDirs) {
      try (LoadedModel model = ModelLoader.load(Path.of(dir), options)) {
        System.out.println(PREFIX + "loaded=" + model.engine());
      }
    }
    System.out.println(PREFIX + "offline=" + System.getProperty(DjlSettings.OFFLINE));
    System.out.println(PREFIX + "tensorflow=" + System.getProperty(NativeLibraries.TF_PATH));
    System.out.println(PREFIX + "attempts=" + recorder.asked());
    try {
      Utils.openUrl("https://publish.djl.ai/tensorflow/2.16.1/files.txt").close();
      System.out.println(PREFIX + "djl=downloaded");
    } catch (IOException e) {
      System.out.println(PREFIX + "djl=" + e.getMessage());
    }
    try {
      new URL("http://modelrt-selfcheck.invalid/").openConnection().connect();
    } catch (IOException expected) {
      // the dead proxy refuses it
    }
    System.out.println(PREFIX + "selfcheck=" + recorder.asked());
  }
}
