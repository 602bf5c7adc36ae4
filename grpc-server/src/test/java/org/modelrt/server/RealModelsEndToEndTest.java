package org.modelrt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.modelrt.engine.EngineOptions;
import org.modelrt.engine.ModelLoadException;
import org.modelrt.engine.ModelLoader;
import org.modelrt.fixtures.TestModels;
import org.modelrt.server.cli.OutputCheck;
import org.modelrt.server.cli.PredictRequests;
import org.modelrt.server.cli.RequestFile;
import org.modelrt.server.codec.TensorText;
import org.modelrt.server.codec.WireFormat;
import org.modelrt.server.testing.ServerHarness;
import org.modelrt.wire.tfserving.PredictRequest;
import org.modelrt.wire.tfserving.PredictResponse;

/**
 * Every test model of every engine, loaded by the real engine adapter and served in-process, answers every case of
 * its expected.json (values computed by the script that made the model) in each generation: G1 (no model_spec), G2
 * (model_spec with the signature; typed values and tensor_content) and G3. Each model loads once.
 */
final class RealModelsEndToEndTest {
  private static final Map<String, ServerHarness> SERVED = new ConcurrentHashMap<>();

  @AfterAll
  static void close() {
    SERVED.values().forEach(ServerHarness::close);
  }

  private static ServerHarness serve(String name) {
    return SERVED.computeIfAbsent(name, n -> {
      try {
        return ServerHarness.inProcess(ModelLoader.load(TestModels.dir(n), EngineOptions.defaults().withPredictors(2)
            .withWarmupRuns(1)));
      } catch (ModelLoadException e) {
        throw new AssertionError(n + " did not load: " + e.getMessage(), e);
      }
    });
  }

  private static RequestFile.Contents cases(String name) throws IOException {
    return RequestFile.read(TestModels.expectedJson(name));
  }

  private static Map<String, TensorText.Values> g2Outputs(PredictResponse response) {
    Map<String, TensorText.Values> outputs = new LinkedHashMap<>();
    response.getOutputsMap().forEach((k, v) -> outputs.put(k, TensorText.fromTensor(WireFormat.TENSOR_PROTO, v)));
    return outputs;
  }

  private static void assertMatches(String what, RequestFile.Case c, Map<String, TensorText.Values> actual,
      double tolerance) {
    List<String> problems = OutputCheck.mismatches(c.outputs(), actual, tolerance);
    assertTrue(problems.isEmpty(), what + ": " + problems);
  }

  @ParameterizedTest
  @ValueSource(strings = {"pt_linear", "pt_twoin", "pt_multiout", "onnx_linear", "onnx_twoin", "onnx_multiout",
      "tf_linear", "tf_twoin", "tf_int64", "tf_string", "tf_multisig"})
  void g2_answersEveryCase_typedAndAsContent_echoingTheSignature(String name) throws IOException {
    ServerHarness server = serve(name);
    RequestFile.Contents contents = cases(name);
    for (RequestFile.Case c : contents.cases()) {
      for (boolean content : new boolean[] {false, true}) {
        PredictRequest request = PredictRequests.g2(name, c.signature(), c.inputs(), content, List.of());

        PredictResponse response = server.tf().predict(request);

        assertMatches(name + " " + c.signature() + (content ? " content" : " typed"), c, g2Outputs(response),
            contents.tolerance());
        assertEquals(c.signature(), response.getModelSpec().getSignatureName());
        assertEquals(name, response.getModelSpec().getName());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"pt_linear", "pt_twoin", "pt_multiout", "onnx_linear", "onnx_twoin", "onnx_multiout",
      "tf_linear", "tf_twoin", "tf_int64", "tf_string"})
  void g1AndG3_withoutASignatureName_runTheDefaultSignature(String name) throws IOException {
    ServerHarness server = serve(name);
    RequestFile.Contents contents = cases(name);
    for (RequestFile.Case c : contents.cases()) {
      PredictRequest g1 = PredictRequest.newBuilder()
          .putAllInputs(PredictRequests.g2("", "", c.inputs(), false, List.of()).getInputsMap()).build();
      var g3 = server.g3().predict(PredictRequests.g3(c.inputs(), false));

      assertMatches(name + " G1", c, g2Outputs(server.tf().predict(g1)), contents.tolerance());
      Map<String, TensorText.Values> g3Outputs = new LinkedHashMap<>();
      g3.getOutputsMap().forEach((k, v) -> g3Outputs.put(k, TensorText.fromTensor(WireFormat.G3_TENSOR, v)));
      assertMatches(name + " G3", c, g3Outputs, contents.tolerance());
    }
  }

  @Test
  void aModelWithoutADefaultSignature_refusesARequestThatNamesNone_andAnUnknownName() throws IOException {
    ServerHarness server = serve("tf_multisig");
    RequestFile.Case add = cases("tf_multisig").cases().get(0);

    StatusRuntimeException none = assertThrows(StatusRuntimeException.class,
        () -> server.g3().predict(PredictRequests.g3(add.inputs(), false)));
    StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class,
        () -> server.tf().predict(PredictRequests.g2("m", "sub", add.inputs(), false, List.of())));

    assertEquals(Status.Code.INVALID_ARGUMENT, none.getStatus().getCode());
    assertTrue(none.getStatus().getDescription().contains("[add, mul]"), none.getStatus().getDescription());
    assertEquals(Status.Code.INVALID_ARGUMENT, unknown.getStatus().getCode());
    assertTrue(unknown.getStatus().getDescription().startsWith("sub signature is not present in the model"),
        unknown.getStatus().getDescription());
  }
}
