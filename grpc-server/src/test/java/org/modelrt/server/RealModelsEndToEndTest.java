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
import org.modelrt.contract.DType;
import org.modelrt.engine.EngineOptions;
import org.modelrt.engine.LoadedModel;
import org.modelrt.engine.ModelLoadException;
import org.modelrt.engine.ModelLoader;
import org.modelrt.fixtures.TestModels;
import org.modelrt.server.cli.OutputCheck;
import org.modelrt.server.cli.PredictRequests;
import org.modelrt.server.cli.RequestFile;
import org.modelrt.serving.codec.TensorText;
import org.modelrt.serving.codec.WireFormat;
import org.modelrt.serving.SingleModel;
import org.modelrt.server.testing.ServerHarness;
import org.modelrt.wire.g3.Tensor;
import org.modelrt.wire.tensor.TensorProto;
import org.modelrt.wire.tfserving.PredictRequest;
import org.modelrt.wire.tfserving.PredictResponse;

/**
 * Every test model of every engine, loaded by the real engine adapter and served both in-process and over real
 * loopback Netty, answers every case of its expected.json (values computed by the script that made the model) in each
 * generation: G1 (no model_spec), G2 (model_spec with the signature) and G3, each with numbers sent typed and as raw
 * content (tensor_content / binary_val) and answered the same way. Each model loads once and is served by one server
 * per transport.
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
      SingleModel state = ServerHarness.servingState(LOADED.computeIfAbsent(name, RealModelsEndToEndTest::load));
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

  private static Map<String, TensorText.Values> g3Outputs(org.modelrt.wire.g3.PredictResponse response) {
    Map<String, TensorText.Values> outputs = new LinkedHashMap<>();
    response.getOutputsMap().forEach((k, v) -> outputs.put(k, TensorText.fromTensor(WireFormat.G3_TENSOR, v)));
    return outputs;
  }

  private static void assertMatches(String what, RequestFile.Case c, Map<String, TensorText.Values> actual,
      double tolerance) {
    List<String> problems = OutputCheck.mismatches(c.outputs(), actual, tolerance);
    assertTrue(problems.isEmpty(), what + ": " + problems);
  }

  /**
   * Whether a response to {@code c} sent with {@code asContent} carries {@code output} as raw content: the runtime
   * answers as the request was sent (content when any input's numbers went as content; strings have no raw form).
   */
  private static boolean expectContent(RequestFile.Case c, boolean asContent, String output) {
    boolean sentContent = asContent && c.inputs().values().stream().anyMatch(v -> v.dtype() != DType.STRING);
    return sentContent && c.outputs().get(output).dtype() != DType.STRING;
  }

  private static void assertG2Encoding(String what, RequestFile.Case c, boolean asContent, PredictResponse response) {
    response.getOutputsMap().forEach((name, t) -> {
      boolean contentOnly = t.toBuilder().clearDtype().clearTensorShape().clearTensorContent().build()
          .equals(TensorProto.getDefaultInstance());
      if (expectContent(c, asContent, name)) {
        assertTrue(!t.getTensorContent().isEmpty() && contentOnly,
            what + " output '" + name + "': expected tensor_content and no typed values, received " + t);
      } else {
        assertTrue(t.getTensorContent().isEmpty(), what + " output '" + name + "': expected typed values, received "
            + t.getTensorContent().size() + " bytes of tensor_content");
      }
    });
  }

  private static void assertG3Encoding(String what, RequestFile.Case c, boolean asContent,
      org.modelrt.wire.g3.PredictResponse response) {
    response.getOutputsMap().forEach((name, t) -> {
      boolean contentOnly = t.toBuilder().clearDtype().clearTensorShape().clearBinaryVal().build()
          .equals(Tensor.getDefaultInstance());
      if (expectContent(c, asContent, name)) {
        assertTrue(!t.getBinaryVal().isEmpty() && contentOnly,
            what + " output '" + name + "': expected binary_val and no typed values, received " + t);
      } else {
        assertTrue(t.getBinaryVal().isEmpty(), what + " output '" + name + "': expected typed values, received "
            + t.getBinaryVal().size() + " bytes of binary_val");
      }
    });
  }

  private static String encoding(boolean asContent) {
    return asContent ? "content" : "typed";
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("g2Models")
  void g2_answersEveryCase_typedAndAsContent_inTheRequestsEncoding_echoingTheSignature(Transport transport,
      String name) throws IOException {
    ServerHarness server = serve(transport, name);
    RequestFile.Contents contents = cases(name);
    for (RequestFile.Case c : contents.cases()) {
      for (boolean asContent : new boolean[] {false, true}) {
        String what = name + " G2 " + c.signature() + " " + encoding(asContent);
        PredictRequest request = PredictRequests.g2(name, c.signature(), c.inputs(), asContent, List.of());

        PredictResponse response = server.tf().predict(request);

        assertMatches(what, c, g2Outputs(response), contents.tolerance());
        assertG2Encoding(what, c, asContent, response);
        assertEquals(c.signature(), response.getModelSpec().getSignatureName());
        assertEquals(name, response.getModelSpec().getName());
      }
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("defaultSignatureModels")
  void g1AndG3_withoutASignatureName_runTheDefaultSignature_typedAndAsContent_inTheRequestsEncoding(
      Transport transport, String name) throws IOException {
    ServerHarness server = serve(transport, name);
    RequestFile.Contents contents = cases(name);
    for (RequestFile.Case c : contents.cases()) {
      for (boolean asContent : new boolean[] {false, true}) {
        PredictRequest g1 = PredictRequest.newBuilder()
            .putAllInputs(PredictRequests.g2("", "", c.inputs(), asContent, List.of()).getInputsMap()).build();

        PredictResponse g1Response = server.tf().predict(g1);
        var g3Response = server.g3().predict(PredictRequests.g3(c.inputs(), asContent));

        assertMatches(name + " G1 " + encoding(asContent), c, g2Outputs(g1Response), contents.tolerance());
        assertG2Encoding(name + " G1 " + encoding(asContent), c, asContent, g1Response);
        assertMatches(name + " G3 " + encoding(asContent), c, g3Outputs(g3Response), contents.tolerance());
        assertG3Encoding(name + " G3 " + encoding(asContent), c, asContent, g3Response);
      }
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
