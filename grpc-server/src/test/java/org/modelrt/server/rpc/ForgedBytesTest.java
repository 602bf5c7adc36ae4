package org.modelrt.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.modelrt.server.testing.Tensors.dims;
import static org.modelrt.server.testing.Tensors.floats;

import io.grpc.CallOptions;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.modelrt.server.testing.FakeModel;
import org.modelrt.server.testing.ServerHarness;
import org.modelrt.server.testing.Tensors;
import org.modelrt.wire.tfserving.PredictRequest;

/**
 * Forged request bytes over real loopback Netty, to every method that parses a request: each is refused with
 * INVALID_ARGUMENT naming the message and what is wrong in protobuf terms (no Java class or method names), a size
 * limit hit is RESOURCE_EXHAUSTED, and the server keeps serving.
 */
final class ForgedBytesTest {
  @AutoClose
  private static final ServerHarness server = ServerHarness.netty(new FakeModel());

  /** Every method that parses a request, with the message it expects. */
  private static final List<String[]> METHODS = List.of(
      new String[] {"tensorflow.serving.PredictionService/Predict", "hydrosphere.tensorflow.serving.PredictRequest"},
      new String[] {"tensorflow.serving.PredictionService/GetModelMetadata",
          "tensorflow.serving.GetModelMetadataRequest"},
      new String[] {"tensorflow.serving.PredictionService/Status", "google.protobuf.Empty"},
      new String[] {"hydrosphere.serving.runtime.PredictionService/Predict", "hydrosphere.serving.runtime.PredictRequest"},
      new String[] {"tensorflow.serving.ModelService/GetModelStatus", "tensorflow.serving.GetModelStatusRequest"},
      new String[] {"tensorflow.serving.ModelService/HandleReloadConfigRequest",
          "tensorflow.serving.ReloadConfigRequest"},
      new String[] {"inference.GRPCInferenceService/ModelInfer", "inference.ModelInferRequest"},
      new String[] {"inference.GRPCInferenceService/ModelMetadata", "inference.ModelMetadataRequest"},
      new String[] {"grpc.health.v1.Health/Check", "grpc.health.v1.HealthCheckRequest"});

  static Stream<Arguments> forgeries() {
    byte[] deepGroups = new byte[200];
    java.util.Arrays.fill(deepGroups, (byte) 0x7b); // field 15, start group, 200 levels deep
    Stream<Object[]> cases = Stream.of(
        new Object[] {"a length of 2^32-1 (negative as int32)", bytes(0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01),
            "a length-delimited field claims a negative length"},
        new Object[] {"an overlong varint (11 bytes)",
            bytes(0x78, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01),
            "a varint runs past 10 bytes"},
        new Object[] {"a length claiming more bytes than follow", bytes(0x7a, 0x05, 0x01),
            "the bytes end in the middle of a field (truncated, or a length prefix claims more bytes than follow)"},
        new Object[] {"wire type 6", bytes(0x7e, 0x01), "a field tag has an invalid wire type (6 or 7; wire types "
            + "are 0 to 5)"},
        new Object[] {"wire type 7", bytes(0x7f, 0x01), "a field tag has an invalid wire type (6 or 7; wire types "
            + "are 0 to 5)"},
        new Object[] {"field number 0", bytes(0x00, 0x01), "a field tag is 0 (field numbers start at 1)"},
        new Object[] {"an end-group tag without its start", bytes(0x7c),
            "an end-group tag does not match its start-group tag"},
        new Object[] {"groups nested 200 deep", deepGroups, "messages are nested more than 100 levels deep"});
    return cases.flatMap(c -> METHODS.stream().map(m -> Arguments.of(c[0], m[0], m[1], c[1], c[2])));
  }

  @ParameterizedTest(name = "{1}: {0}")
  @MethodSource("forgeries")
  void forgedBytes_areInvalidArgument_inProtobufTerms(
      String forgery, String method, String message, byte[] body, String whatIsWrong) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> RawBytes.call(server.channel(), method, body, CallOptions.DEFAULT));

    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getStatus().toString());
    assertEquals("the request is not a valid " + message + ": " + whatIsWrong, e.getStatus().getDescription());
    assertStillServing();
  }

  @Test
  void invalidUtf8InAStringField_isNamedSo() {
    // PredictRequest.model_spec (1) { name (1) = 0xff }
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> RawBytes.call(server.channel(),
        "tensorflow.serving.PredictionService/Predict", bytes(0x0a, 0x03, 0x0a, 0x01, 0xff), CallOptions.DEFAULT));

    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertEquals("the request is not a valid hydrosphere.tensorflow.serving.PredictRequest: a string field holds "
        + "bytes that are not valid UTF-8", e.getStatus().getDescription());
  }

  @Test
  void aGzipBombOverTheLimitOnceDecompressed_isResourceExhausted_notANestedInvalidArgument() {
    int limit = ServerHarness.LIMITS.maxMessageBytes();
    byte[] bomb = PredictRequest.newBuilder()
        .putInputs("x", Tensors.floatContent(dims(limit / 4, 2), new float[limit / 2])).build().toByteArray();

    for (String[] m : METHODS) {
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
          () -> RawBytes.call(server.channel(), m[0], bomb, CallOptions.DEFAULT.withCompression("gzip")));

      assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode(), m[0] + ": " + e.getStatus());
      assertEquals("the request is larger than the server's limit of " + limit + " bytes once decompressed; send a "
          + "smaller " + m[1], e.getStatus().getDescription());
    }
    assertStillServing();
  }

  @Test
  void aCompressedRequestUnderTheLimit_isServed() throws Exception {
    byte[] small = PredictRequest.newBuilder().putInputs("x", floats(dims(1, 4), 1, 2, 3, 4)).build().toByteArray();

    byte[] answer = RawBytes.call(server.channel(), "tensorflow.serving.PredictionService/Predict", small,
        CallOptions.DEFAULT.withCompression("gzip"));

    assertTrue(org.modelrt.wire.tfserving.PredictResponse.parseFrom(answer).containsOutputs("doubled"));
  }

  @Test
  void healthCheck_withAValidRequest_stillAnswers() {
    HealthCheckResponse answer = server.health().check(HealthCheckRequest.getDefaultInstance());

    assertEquals(HealthCheckResponse.ServingStatus.SERVING, answer.getStatus());
  }

  @Test
  void noDetailNamesJavaOrTheProtobufLibrary() {
    forgeries().forEach(args -> {
      Object[] a = args.get();
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
          () -> RawBytes.call(server.channel(), (String) a[1], (byte[]) a[3], CallOptions.DEFAULT));
      String detail = e.getStatus().getDescription();
      for (String java : List.of("CodedInputStream", "setSizeLimit", "setRecursionLimit", "Exception", "java.",
          "com.google", "RESOURCE_EXHAUSTED:", "INTERNAL:")) {
        assertFalse(detail.contains(java), detail);
      }
      assertTrue(detail.getBytes(StandardCharsets.UTF_8).length <= 1024);
    });
  }

  private static void assertStillServing() {
    assertEquals(1, server.tf().predict(PredictRequest.newBuilder().putInputs("x", floats(dims(1, 4), 1, 2, 3, 4))
        .build()).getOutputsOrThrow("doubled").getTensorShape().getDim(0).getSize());
  }

  static byte[] bytes(int... values) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int v : values) {
      out.write(v);
    }
    return out.toByteArray();
  }
}
