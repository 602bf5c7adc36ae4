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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.modelrt.engine.EngineOptions;
import org.modelrt.engine.LoadedModel;
import org.modelrt.engine.ModelLoadException;
import org.modelrt.engine.ModelLoader;
import org.modelrt.fixtures.TestModels;
import org.modelrt.server.cli.OutputCheck;
import org.modelrt.server.cli.PredictRequests;
import org.modelrt.server.cli.RequestFile;
import org.modelrt.server.codec.TensorText;
import org.modelrt.server.codec.WireFormat;
import org.modelrt.server.rpc.ServingState;
import org.modelrt.server.testing.ServerHarness;
import org.modelrt.wire.tfserving.PredictRequest;
import org.modelrt.wire.tfserving.PredictResponse;

/**
 * Every test model of every engine, loaded by the real engine adapter and served both in-process and over real
 * loopback Netty, answers every case of its expected.json (values computed by the script that made the model) in each
 * generation: G1 (no model_spec), G2 (model_spec with the signature; typed values and tensor_content) and G3. Each
 * model loads once and is served by one server per transport.
 */
final class RealModelsEndToEndTest {
  /** The transports every case runs over. */
  enum Transport {
    IN_PROCESS,
    NETTY
  }

  private static final List<String> G2_MODELS = List.of("pt_linear", "pt_twoin", "pt_multiout", "onnx_linear",
      "onnx_twoin", "onnx_multiout", "tf_linear", "tf_twoin", "tf_int64", "tf_string", "tf_multisig");
  /** Those with a default signature (tf_multisig has none). */
  private static final List<String> DEFAULT_SIGNATURE_MODELS = List.of("pt_linear", "pt_twoin", "pt_multiout",
      "onnx_linear", "onnx_twoin", "onnx_multiout", "tf_linear", "tf_twoin", "tf_int64", "tf_string");

  private static final Map<String, LoadedModel> LOADED = new ConcurrentHashMap<>();
  private static final Map<String, ServerHarness> SERVED = new ConcurrentHashMap<>();

  @AfterAll
  static void close() {
    SERVED.values().forEach(ServerHarness::close);
    LOADED.values().forEach(LoadedModel::close);
  }

  private static Stream<Arguments> overBothTransports(List<String> models) {
    return Stream.of(Transport.values()).flatMap(t -> models.stream().map(name -> Arguments.of(t, name)));
  }

  static Stream<Arguments> g2Models() {
    return overBothTransports(G2_MODELS);
  }

  static Stream<Arguments> defaultSignatureModels() {
    return overBothTransports(DEFAULT_SIGNATURE_MODELS);
  }

  /** The model {@code name} served over {@code transport}; the model is loaded once for both transports. */
  private static ServerHarness serve(Transport transport, String name) {
    return SERVED.computeIfAbsent(transport + "/" + name, key -> {
      ServingState state = ServerHarness.servingState(LOADED.computeIfAbsent(name, RealModelsEndToEndTest::load));
      return transport == Transport.NETTY ? ServerHarness.netty(state, ServerHarness.LIMITS)
          : ServerHarness.inProcess(state, ServerHarness.LIMITS);
    });
  }

  private static LoadedModel load(String name) {
    try {
      return ModelLoader.load(TestModels.dir(name), EngineOptions.defaults().withPredictors(2).withWarmupRuns(1));
    } catch (ModelLoadException e) {
      throw new AssertionError(name + " did not load: " + e.getMessage(), e);
    }
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

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("g2Models")
  void g2_answersEveryCase_typedAndAsContent_echoingTheSignature(Transport transport, String name)
      throws IOException {
    ServerHarness server = serve(transport, name);
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

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("defaultSignatureModels")
  void g1AndG3_withoutASignatureName_runTheDefaultSignature(Transport transport, String name) throws IOException {
    ServerHarness server = serve(transport, name);
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

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aModelWithoutADefaultSignature_refusesARequestThatNamesNone_andAnUnknownName(Transport transport)
      throws IOException {
    ServerHarness server = serve(transport, "tf_multisig");
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
