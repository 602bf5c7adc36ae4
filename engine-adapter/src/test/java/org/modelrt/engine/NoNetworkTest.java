package org.modelrt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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
    List<String> models =
        Stream.of("pt_twoin", "onnx_twoin", "tf_twoin").map(name -> TestModels.dir(name).toString()).toList();
    Map<String, String> report = ChildJvm.run(NoNetworkProbe.class, models);
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
}
