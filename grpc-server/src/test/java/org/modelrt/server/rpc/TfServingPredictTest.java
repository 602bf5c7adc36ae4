package org.modelrt.server.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.modelrt.server.testing.Tensors.dims;
import static org.modelrt.server.testing.Tensors.dimsOf;
import static org.modelrt.server.testing.Tensors.floatVal;
import static org.modelrt.server.testing.Tensors.floats;
import static org.modelrt.server.testing.Tensors.floatsOf;

import com.google.protobuf.Int64Value;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.modelrt.server.testing.FakeModel;
import org.modelrt.server.testing.ServerHarness;
import org.modelrt.server.testing.Tensors;
import org.modelrt.wire.tensor.DataType;
import org.modelrt.wire.tensor.TensorProto;
import org.modelrt.wire.tfserving.ModelSpec;
import org.modelrt.wire.tfserving.PredictRequest;
import org.modelrt.wire.tfserving.PredictResponse;

/** G1/G2 Predict (TF Serving's PredictionService) over the in-process transport, on the fake model. */
final class TfServingPredictTest {
  @AutoClose
  private static final ServerHarness server = ServerHarness.inProcess(new FakeModel());

  private static PredictRequest.Builder request(String signature) {
    return PredictRequest.newBuilder().setModelSpec(ModelSpec.newBuilder().setName("my-app").setSignatureName(signature));
  }

  @Test
  void emptySignatureName_runsTheDefaultSignature_andAnswersTypedValuesWithTheRealShape() {
    PredictResponse response = server.tf().predict(
        request("").putInputs("x", floats(dims(2, 4), 1, 2, 3, 4, -1.5f, 0, 0.25f, 8)).build());

    TensorProto doubled = response.getOutputsOrThrow("doubled");
    assertEquals(DataType.DT_FLOAT, doubled.getDtype());
    assertArrayEquals(new long[] {2, 4}, dimsOf(doubled.getTensorShape()));
    assertArrayEquals(new float[] {2, 4, 6, 8, -3, 0, 0.5f, 16}, floatVal(doubled));
    assertTrue(doubled.getTensorContent().isEmpty());
    assertArrayEquals(new float[] {-1, -2, -3, -4, 1.5f, -0f, -0.25f, -8},
        floatVal(response.getOutputsOrThrow("negated")));
    assertEquals(2, response.getOutputsCount());
  }

  @Test
  void responseEchoesTheModelSpec_withTheSignatureThatRan() {
    ModelSpec spec = ModelSpec.newBuilder().setName("app-7").setVersion(Int64Value.of(42)).build();
    PredictResponse response = server.tf().predict(PredictRequest.newBuilder().setModelSpec(spec)
        .putInputs("x", floats(dims(1, 4), 1, 1, 1, 1)).build());

    assertEquals("app-7", response.getModelSpec().getName());
    assertEquals(42, response.getModelSpec().getVersion().getValue());
    assertEquals("predict", response.getModelSpec().getSignatureName());
  }

  @Test
  void namedSignature_runsThatSignature() {
    PredictResponse response = server.tf().predict(request("add")
        .putInputs("a", floats(dims(3), 1, 2, 3))
        .putInputs("b", floats(dims(3), 10, 20, 30)).build());

    assertArrayEquals(new float[] {11, 22, 33}, floatVal(response.getOutputsOrThrow("sum")));
    assertEquals("add", response.getModelSpec().getSignatureName());
  }

  @Test
  void singleTypedValue_broadcastsToTheRequestedShape() {
    PredictResponse response = server.tf().predict(request("add")
        .putInputs("a", floats(dims(3), 1, 2, 3))
        .putInputs("b", floats(dims(3), 100)).build());

    assertArrayEquals(new float[] {101, 102, 103}, floatVal(response.getOutputsOrThrow("sum")));
  }

  @Test
  void tensorContentRequest_isAnsweredWithTensorContent() {
    PredictResponse response = server.tf().predict(
        request("predict").putInputs("x", Tensors.floatContent(dims(1, 4), 0.5f, -1, 3, 7)).build());

    TensorProto doubled = response.getOutputsOrThrow("doubled");
    assertEquals(0, doubled.getFloatValCount());
    assertArrayEquals(new float[] {1, -2, 6, 14}, floatsOf(doubled.getTensorContent()));
    assertArrayEquals(new long[] {1, 4}, dimsOf(doubled.getTensorShape()));
  }

  @Test
  void outputFilter_returnsOnlyTheNamedOutputs_andVersionLabelIsEchoed() {
    PredictRequest req = PredictRequest.newBuilder()
        .setModelSpec(ModelSpec.newBuilder().setName("resnet").setVersionLabel("stable").setSignatureName("predict"))
        .putInputs("x", floats(dims(1, 4), 1, 2, 3, 4))
        .addOutputFilter("negated")
        .build();

    PredictResponse response = server.tf().predict(req);

    assertEquals(List.of("negated"), List.copyOf(response.getOutputsMap().keySet()));
    assertArrayEquals(new float[] {-1, -2, -3, -4}, floatVal(response.getOutputsOrThrow("negated")));
    assertEquals("stable", response.getModelSpec().getVersionLabel());
    assertEquals("resnet", response.getModelSpec().getName());
  }

  @Test
  void unknownSignature_isInvalidArgument_inTheHydrosphereWording() {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> server.tf().predict(
        request("missing_sig").putInputs("x", floats(dims(1, 4), 1, 2, 3, 4)).build()));

    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().startsWith("missing_sig signature is not present in the model"),
        e.getStatus().getDescription());
  }

  @Test
  void outputFilterNamingAnUnknownOutput_isInvalidArgumentNamingIt() {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> server.tf().predict(
        request("predict").putInputs("x", floats(dims(1, 4), 1, 2, 3, 4)).addOutputFilter("nope").build()));

    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("'nope'"), e.getStatus().getDescription());
  }

  @Test
  void outputFilterNamingAnOutputTwice_isInvalidArgument() {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> server.tf().predict(
        request("predict").putInputs("x", floats(dims(1, 4), 1, 2, 3, 4))
            .addOutputFilter("doubled").addOutputFilter("doubled").build()));

    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("'doubled' twice"), e.getStatus().getDescription());
  }

  @Test
  void inputOfTheWrongShape_isInvalidArgumentNamingTheInput_andTheServerKeepsServing() {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> server.tf().predict(
        request("predict").putInputs("x", floats(dims(1, 3), 1, 2, 3)).build()));

    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertEquals("input 'x': expected shape [-1,4], received [1,3]: dim 1 is 3, expected 4",
        e.getStatus().getDescription());
    assertEquals(1, server.tf().predict(request("predict").putInputs("x", floats(dims(1, 4), 1, 2, 3, 4)).build())
        .getOutputsOrThrow("doubled").getTensorShape().getDim(0).getSize());
  }

  @Test
  void missingInput_isInvalidArgumentListingSentExpectedAndMissing() {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> server.tf().predict(request("add").putInputs("a", floats(dims(1), 1)).build()));

    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertEquals("input set does not match signature 'add': sent [a]; expected [a, b]; extra []; missing [b]",
        e.getStatus().getDescription());
  }

  @Test
  void contentShorterThanTheShape_isInvalidArgumentWithTheBytesNeededAndReceived() {
    TensorProto shortContent = Tensors.floatContent(dims(2, 4), 1, 2, 3, 4);

    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> server.tf().predict(request("predict").putInputs("x", shortContent).build()));

    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    // 2 x 4 floats of 4 bytes; 4 were sent
    assertEquals("input 'x': received shape [2,4] of DT_FLOAT needs 32 bytes of tensor_content/binary_val, received 16",
        e.getStatus().getDescription());
  }

  @Test
  void engineFailure_isInternalWithTheMessage_andNoStackTrace() {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> server.tf().predict(request("fail").putInputs("x", floats(dims(2), 1, 2)).build()));

    assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
    String description = e.getStatus().getDescription();
    assertTrue(description.contains("the fake engine failed on purpose"), description);
    assertTrue(description.contains("deep inside the engine"), description);
    assertFalse(description.contains("at org."), description);
    assertFalse(description.contains("\n"), description);
  }
}
