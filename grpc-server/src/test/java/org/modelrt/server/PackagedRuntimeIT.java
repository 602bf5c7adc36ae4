package org.modelrt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelrt.fixtures.TestModels;
import org.modelrt.server.cli.OutputCheck;
import org.modelrt.server.cli.PredictRequests;
import org.modelrt.server.cli.RequestFile;
import org.modelrt.serving.codec.TensorText;
import org.modelrt.serving.codec.WireFormat;
import org.modelrt.server.testing.ChildRuntime;
import org.modelrt.wire.g3.service.PredictionServiceGrpc;

/**
 * The runtime as it ships: {@code java -jar target/modelrt.jar} with nothing but MODEL_DIR and APP_PORT, started from
 * an unrelated working directory, serves a TorchScript and a SavedModel model (whose natives it must find beside the
 * jar), answers G3 Predict, and exits 0 on SIGTERM.
 */
final class PackagedRuntimeIT {
  @TempDir
  Path elsewhere;

  @Test
  void theBundledExample_servesFromJavaDashJar() throws Exception {
    servesEveryCase(TestModels.bundledExample(), "pt_linear");
  }

  @Test
  void aSavedModel_servesFromJavaDashJar_findingTheTensorFlowNativesBesideTheJar() throws Exception {
    servesEveryCase(TestModels.dir("tf_linear"), "tf_linear");
  }

  private void servesEveryCase(Path modelDir, String expectedFrom) throws Exception {
    Path jar = Path.of(System.getProperty("modelrt.jar", "target/modelrt.jar")).toAbsolutePath();
    assertTrue(Files.isRegularFile(jar), jar + " is missing: run the package phase first");
    int port = ChildRuntime.freePort();
    Map<String, String> env = Map.of("MODEL_DIR", modelDir.toString(), "APP_PORT", Integer.toString(port));
    try (ChildRuntime runtime = ChildRuntime.startJar(jar, env, elsewhere)) {
      runtime.awaitLine("Health is SERVING");
      ManagedChannel channel = runtime.channel();
      RequestFile.Contents contents = RequestFile.read(TestModels.expectedJson(expectedFrom));
      for (RequestFile.Case c : contents.cases()) {
        var response = PredictionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
            .predict(PredictRequests.g3(c.inputs(), false));
        Map<String, TensorText.Values> outputs = new java.util.LinkedHashMap<>();
        response.getOutputsMap().forEach((k, v) -> outputs.put(k, TensorText.fromTensor(WireFormat.G3_TENSOR, v)));
        List<String> problems = OutputCheck.mismatches(c.outputs(), outputs, contents.tolerance());
        assertTrue(problems.isEmpty(), problems + "\n" + runtime.output());
      }
      channel.shutdownNow();

      runtime.terminate();
      assertEquals(0, runtime.awaitExit(), runtime.output());
    }
  }
}
