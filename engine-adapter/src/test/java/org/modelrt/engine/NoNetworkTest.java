package org.modelrt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.modelrt.fixtures.TestModels;

/**
 * Loading and running a model of every engine makes no network attempt, in a JVM where nobody set
 * {@code ai.djl.offline} or where the TensorFlow natives are: modelrt sets the first and finds the second itself.
 * Runs {@link NoNetworkProbe} in a child JVM, so that the recorder is in place before any engine starts.
 */
final class NoNetworkTest {

  @Test
  void loadingAndPredictingOnEveryEngineMakesNoNetworkAttempt() throws Exception {
    Map<String, String> report = runProbe("pt_twoin", "onnx_twoin", "tf_twoin");
    assertEquals("PYTORCH,ONNX_RUNTIME,TENSORFLOW", report.get("loaded"));
    assertEquals(
        "PYTORCH:serving_default,ONNX_RUNTIME:serving_default,TENSORFLOW:serving_default", report.get("predicted"));
    assertEquals(
        "[" + NoNetworkProbe.SELF_CHECK + "]", report.get("attempts"),
        "every network attempt of the run, read at its end: only the probe's own, which shows the recorder works");
    assertEquals("true", report.get("offline"), "modelrt turns DJL's offline mode on");
    assertEquals("Offline mode is enabled.", report.get("djl"), "DJL itself refuses to download");
    Path classes = Path.of(NativeLibraries.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertEquals(classes.getParent().resolve("native/tensorflow").toString(), report.get("tensorflow"));
  }

  private static Map<String, String> runProbe(String... fixtures) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"),
        "-cp", System.getProperty("java.class.path"),
        NoNetworkProbe.class.getName()));
    for (String fixture : fixtures) {
      command.add(TestModels.dir(fixture).toString());
    }
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    for (String setting : List.of("TENSORFLOW_LIBRARY_PATH", "DJL_OFFLINE", "OPT_OUT_TRACKING")) {
      builder.environment().remove(setting);
    }
    Process probe = builder.start();
    String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(probe.waitFor(120, TimeUnit.SECONDS), "probe finished");
    assertEquals(0, probe.exitValue(), output);
    Map<String, String> report = new LinkedHashMap<>();
    for (String line : output.split("\n")) {
      int eq = line.indexOf('=');
      if (line.startsWith(NoNetworkProbe.PREFIX) && eq > 0) {
        String key = line.substring(NoNetworkProbe.PREFIX.length(), eq);
        report.merge(key, line.substring(eq + 1), (a, b) -> a + "," + b);
      }
    }
    return report;
  }
}
