package org.modelrt.server.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.modelrt.contract.DType;
import org.modelrt.serving.codec.TensorText;
import org.modelrt.serving.codec.WireFormat;
import org.modelrt.server.testing.FakeModel;
import org.modelrt.server.testing.ServerHarness;
import org.modelrt.wire.tensor.TensorProto;
import org.modelrt.wire.tfserving.ModelSpec;
import org.modelrt.wire.tfserving.PredictRequest;

/**
 * Every dtype the PyTorch engine holds goes through a whole Predict and back unchanged (the fake model's identity
 * signatures), sent typed or as content, with extreme values of each type.
 */
final class DtypeRoundTripTest {
  @AutoClose
  private static final ServerHarness server = ServerHarness.inProcess(new FakeModel());

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(DType.FLOAT, List.of("3.4028235E38", "-1.4E-45", "0.1", "-0.0")),
        Arguments.of(DType.DOUBLE, List.of("1.7976931348623157E308", "4.9E-324", "0.1", "-1.0")),
        Arguments.of(DType.HALF, List.of("65504.0", "-6.1035156E-5", "0.33325195", "-0.0")),
        Arguments.of(DType.INT8, List.of("-128", "127", "0", "-1")),
        Arguments.of(DType.UINT8, List.of("0", "255", "128", "1")),
        Arguments.of(DType.INT32, List.of("-2147483648", "2147483647", "0", "-1")),
        Arguments.of(DType.INT64, List.of("-9223372036854775808", "9223372036854775807", "9007199254740993", "-1")),
        Arguments.of(DType.BOOL, List.of("true", "false", "false", "true")));
  }

  @Test
  void everyDtypeOfTheFakeModelsIdentitySignatures_hasACase_inItsOrder() {
    assertEquals(FakeModel.IDENTITY_TYPES, cases().map(a -> (DType) a.get()[0]).toList());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void typedValues_comeBackTypedAndExact(DType dtype, List<String> values) {
    TensorProto out = identity(dtype, values, false);

    assertTrue(out.getTensorContent().isEmpty());
    assertSame(dtype, values, TensorText.fromTensor(WireFormat.TENSOR_PROTO, out));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void contentValues_comeBackAsContentAndExact(DType dtype, List<String> values) {
    TensorProto out = identity(dtype, values, true);

    assertEquals(values.size() * dtype.elementSize(), out.getTensorContent().size());
    assertSame(dtype, values, TensorText.fromTensor(WireFormat.TENSOR_PROTO, out));
  }

  private static TensorProto identity(DType dtype, List<String> values, boolean asContent) {
    TensorProto v = TensorText.toTensor(WireFormat.TENSOR_PROTO, dtype, new long[] {2, 2}, values, asContent);
    return server.tf().predict(PredictRequest.newBuilder()
        .setModelSpec(ModelSpec.newBuilder().setSignatureName(FakeModel.identity(dtype)))
        .putInputs("v", v).build()).getOutputsOrThrow("v");
  }

  private static void assertSame(DType dtype, List<String> values, TensorText.Values got) {
    assertEquals(dtype, got.dtype());
    assertArrayEquals(new long[] {2, 2}, got.shape());
    assertEquals(values, got.values());
  }
}
