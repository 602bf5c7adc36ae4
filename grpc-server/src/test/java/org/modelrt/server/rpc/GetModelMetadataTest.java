package org.modelrt.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.modelrt.server.testing.FakeModel;
import org.modelrt.server.testing.ServerHarness;
import org.modelrt.server.testing.Tensors;
import org.modelrt.wire.tensor.DataType;
import org.modelrt.wire.tfserving.GetModelMetadataRequest;
import org.modelrt.wire.tfserving.GetModelMetadataResponse;
import org.modelrt.wire.tfserving.ModelSpec;
import org.modelrt.wire.tfserving.SignatureDef;
import org.modelrt.wire.tfserving.SignatureDefMap;
import org.modelrt.wire.tfserving.TensorInfo;

/** TF Serving's GetModelMetadata: the contract as a SignatureDefMap packed in an Any. */
final class GetModelMetadataTest {
  @AutoClose
  private static final ServerHarness server = ServerHarness.inProcess(new FakeModel());

  private static GetModelMetadataResponse metadata(String... fields) {
    return server.tf().getModelMetadata(GetModelMetadataRequest.newBuilder()
        .setModelSpec(ModelSpec.newBuilder().setName("fake")).addAllMetadataField(List.of(fields)).build());
  }

  @Test
  void signatureDef_describesEverySignature_asTfServingDoes() throws InvalidProtocolBufferException {
    GetModelMetadataResponse response = metadata("signature_def");

    assertEquals("fake", response.getModelSpec().getName());
    assertEquals("type.googleapis.com/tensorflow.serving.SignatureDefMap",
        response.getMetadataOrThrow("signature_def").getTypeUrl());
    SignatureDefMap map = response.getMetadataOrThrow("signature_def").unpack(SignatureDefMap.class);
    assertEquals(3 + FakeModel.IDENTITY_TYPES.size(), map.getSignatureDefCount());
    SignatureDef predict = map.getSignatureDefOrThrow("predict");
    assertEquals("tensorflow/serving/predict", predict.getMethodName());
    assertEquals(TensorInfo.newBuilder().setName("x").setDtype(DataType.DT_FLOAT)
        .setTensorShape(Tensors.shape(-1, 4)).build(), predict.getInputsOrThrow("x"));
    assertEquals(Set.of("doubled", "negated"), predict.getOutputsMap().keySet());
    TensorInfo anyRank = map.getSignatureDefOrThrow("identity_int8").getInputsOrThrow("v");
    assertEquals(DataType.DT_INT8, anyRank.getDtype());
    assertTrue(anyRank.getTensorShape().getUnknownRank());
  }

  @Test
  void anotherMetadataField_isInvalidArgument() {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> metadata("signature_def", "graph"));

    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("'graph'"), e.getStatus().getDescription());
  }

  @Test
  void noMetadataField_isInvalidArgument() {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, GetModelMetadataTest::metadata);

    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
  }
}
