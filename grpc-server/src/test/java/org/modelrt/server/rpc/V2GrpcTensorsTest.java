package org.modelrt.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.modelrt.contract.InvalidRequestException;
import org.modelrt.contract.Signature;
import org.modelrt.serving.Prediction;
import org.modelrt.wire.kserve.InferTensorContents;
import org.modelrt.wire.kserve.ModelInferRequest;
import org.modelrt.wire.kserve.ModelInferRequest.InferInputTensor;
import org.modelrt.wire.kserve.ModelInferResponse;
import org.modelrt.wire.tensor.TensorProto;

/**
 * The v2 gRPC tensor translation for the datatypes no served engine holds end to end (UINT16/32/64, INT16 abort or
 * are refused by PyTorch, and no fixture model has them): typed and raw in, back out typed and raw, unchanged.
 */
final class V2GrpcTensorsTest {
  private static InferTensorContents contents(String datatype) {
    return switch (datatype) {
      case "UINT16" -> InferTensorContents.newBuilder().addAllUintContents(List.of(0, 65535, 1, 2)).build();
      case "UINT32" -> InferTensorContents.newBuilder().addAllUintContents(List.of(0, -1, 1, 2)).build();
      case "UINT64" -> InferTensorContents.newBuilder().addAllUint64Contents(List.of(0L, -1L, 1L, 2L)).build();
      default -> InferTensorContents.newBuilder().addAllIntContents(List.of(-32768, 32767, 0, -1)).build();
    };
  }

  private static ModelInferResponse roundTrip(ModelInferRequest request, boolean raw) {
    Map<String, TensorProto> inputs = V2GrpcInputs.read(request);
    Signature none = new Signature("s", List.of(), List.of());
    return V2GrpcOutputs.write(request, new Prediction<>("m", 1, none, Map.of("v", inputs.get("v"))), raw);
  }

  @ParameterizedTest
  @ValueSource(strings = {"UINT16", "UINT32", "UINT64", "INT16"})
  void typedIn_typedOut_andRawOutTheSameBytes(String datatype) {
    ModelInferRequest typed = ModelInferRequest.newBuilder().setId("7").addInputs(InferInputTensor.newBuilder()
        .setName("v").setDatatype(datatype).addShape(2).addShape(2).setContents(contents(datatype))).build();

    ModelInferResponse asTyped = roundTrip(typed, false);
    ModelInferResponse asRaw = roundTrip(typed, true);
    ModelInferRequest raw = ModelInferRequest.newBuilder().addInputs(typed.getInputs(0).toBuilder().clearContents())
        .addRawInputContents(asRaw.getRawOutputContents(0)).build();

    assertEquals(contents(datatype), asTyped.getOutputs(0).getContents());
    assertEquals(datatype, asTyped.getOutputs(0).getDatatype());
    assertEquals(List.of(2L, 2L), asTyped.getOutputs(0).getShapeList());
    assertEquals("7", asTyped.getId());
    assertEquals(contents(datatype), roundTrip(raw, false).getOutputs(0).getContents());
  }

  @ParameterizedTest
  @ValueSource(strings = {"UINT8:300", "INT8:-129", "UINT16:65536", "INT16:40000"})
  void typedValuesOutsideTheDatatype_areRefused(String datatypeAndValue) {
    String datatype = datatypeAndValue.split(":")[0];
    int value = Integer.parseInt(datatypeAndValue.split(":")[1]);
    InferTensorContents c = datatype.startsWith("U") ? InferTensorContents.newBuilder().addUintContents(value).build()
        : InferTensorContents.newBuilder().addIntContents(value).build();
    ModelInferRequest request = ModelInferRequest.newBuilder().addInputs(InferInputTensor.newBuilder().setName("v")
        .setDatatype(datatype).addShape(1).setContents(c)).build();

    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> V2GrpcInputs.read(request));

    assertTrue(e.getMessage().contains("does not fit " + datatype), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 2})
  void rawContentsNotOnePerInput_areRefused(int entries) {
    ModelInferRequest.Builder request = ModelInferRequest.newBuilder().addInputs(InferInputTensor.newBuilder()
        .setName("v").setDatatype("UINT8").addShape(1));
    for (int i = 0; i < entries; i++) {
      request.addRawInputContents(ByteString.copyFrom(new byte[] {1}));
    }

    if (entries == 0) {
      assertTrue(assertThrows(InvalidRequestException.class, () -> V2GrpcInputs.read(request.build())).getMessage()
          .contains("shape [1] has 1 elements, contents.uint_contents has 0"));
    } else {
      assertTrue(assertThrows(InvalidRequestException.class, () -> V2GrpcInputs.read(request.build())).getMessage()
          .contains("raw_input_contents has 2 entries, expected one per input (1)"));
    }
  }
}
