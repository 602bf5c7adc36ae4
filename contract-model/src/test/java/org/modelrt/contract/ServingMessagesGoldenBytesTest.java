package org.modelrt.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import com.google.protobuf.Int64Value;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.modelrt.wire.tensor.DataType;
import org.modelrt.wire.tensor.TensorProto;
import org.modelrt.wire.tensor.TensorShapeProto;
import org.modelrt.wire.tfserving.GetModelMetadataRequest;
import org.modelrt.wire.tfserving.GetModelMetadataResponse;
import org.modelrt.wire.tfserving.ModelSpec;
import org.modelrt.wire.tfserving.PredictRequest;
import org.modelrt.wire.tfserving.PredictResponse;
import org.modelrt.wire.tfserving.SignatureDef;
import org.modelrt.wire.tfserving.SignatureDefMap;
import org.modelrt.wire.tfserving.StatusResponse;
import org.modelrt.wire.tfserving.TensorInfo;

/**
 * The TF Serving additions, the G3 runtime messages and Status, written byte by byte from TensorFlow's and upstream's
 * field numbers (docs/hydrosphere-upstream.md, "Services and messages"), so a renumbered .proto fails here instead of
 * round-tripping through itself: each golden must parse to the stated values and our builders must write exactly those
 * bytes. A tag is (number << 3) | wire type: 0 for a varint, 2 for length-delimited. Map entries are {key = 1, value =
 * 2}; one entry per map, since protobuf does not fix the order of several.
 */
class ServingMessagesGoldenBytesTest {
  private static final TensorProto FLOAT_TENSOR = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).build();

  @Test
  void modelSpecVersionLabelIsField4InTheVersionOneofWithVersion2() throws Exception {
    byte[] golden = Hex.bytes(
        "0a 01 6d"                         // name (1, len 1) = "m"
            + " 1a 01 73"                  // signature_name (3, len 1) = "s"
            + " 22 06 63616e617279");      // version_label (4, len 6) = "canary"
    ModelSpec parsed = ModelSpec.parseFrom(golden);

    assertEquals("m", parsed.getName());
    assertEquals("s", parsed.getSignatureName());
    assertEquals("canary", parsed.getVersionLabel());
    assertArrayEquals(golden, ModelSpec.newBuilder().setName("m").setSignatureName("s").setVersionLabel("canary")
        .build().toByteArray());

    byte[] versionThenLabel = Hex.bytes(
        "12 02 08 07"                      // version (2, len 2) = Int64Value { value (1) = 7 }
            + " 22 01 61");                // version_label (4) = "a": the last of a oneof wins
    ModelSpec both = ModelSpec.parseFrom(versionThenLabel);
    assertEquals(ModelSpec.VersionChoiceCase.VERSION_LABEL, both.getVersionChoiceCase());
    assertFalse(both.hasVersion());
    assertArrayEquals(Hex.bytes("12 02 08 07"),
        ModelSpec.newBuilder().setVersion(Int64Value.of(7)).build().toByteArray());
  }

  @Test
  void predictRequestOutputFilterIsField3() throws Exception {
    byte[] golden = Hex.bytes(
        "0a 03 1a 01 73"                   // model_spec (1, len 3) { signature_name (3) = "s" }
            + " 12 07 0a 01 78 12 02 08 01" // inputs (2, len 7) { key = "x", value (len 2) { dtype = 1 DT_FLOAT } }
            + " 1a 01 79");                // output_filter (3, len 1) = "y"
    PredictRequest parsed = PredictRequest.parseFrom(golden);

    assertEquals("s", parsed.getModelSpec().getSignatureName());
    assertEquals(FLOAT_TENSOR, parsed.getInputsOrThrow("x"));
    assertEquals(List.of("y"), parsed.getOutputFilterList());
    assertArrayEquals(golden, PredictRequest.newBuilder().setModelSpec(ModelSpec.newBuilder().setSignatureName("s"))
        .putInputs("x", FLOAT_TENSOR).addOutputFilter("y").build().toByteArray());
  }

  @Test
  void predictResponseModelSpecIsField2() throws Exception {
    byte[] golden = Hex.bytes(
        "0a 07 0a 01 79 12 02 08 01"       // outputs (1, len 7) { key = "y", value { dtype = 1 } }
            + " 12 07 0a 01 6d 12 02 08 07"); // model_spec (2, len 7) { name = "m", version { value = 7 } }
    PredictResponse parsed = PredictResponse.parseFrom(golden);

    assertEquals(FLOAT_TENSOR, parsed.getOutputsOrThrow("y"));
    assertEquals("m", parsed.getModelSpec().getName());
    assertEquals(7, parsed.getModelSpec().getVersion().getValue());
    assertArrayEquals(golden, PredictResponse.newBuilder().putOutputs("y", FLOAT_TENSOR)
        .setModelSpec(ModelSpec.newBuilder().setName("m").setVersion(Int64Value.of(7))).build().toByteArray());
  }

  @Test
  void getModelMetadataRequestIsModelSpec1AndMetadataField2() throws Exception {
    byte[] golden = Hex.bytes(
        "0a 03 0a 01 6d"                   // model_spec (1, len 3) { name (1) = "m" }
            + " 12 0d 7369676e61747572655f646566"); // metadata_field (2, len 13) = "signature_def"
    GetModelMetadataRequest parsed = GetModelMetadataRequest.parseFrom(golden);

    assertEquals("m", parsed.getModelSpec().getName());
    assertEquals(List.of("signature_def"), parsed.getMetadataFieldList());
    assertArrayEquals(golden, GetModelMetadataRequest.newBuilder().setModelSpec(ModelSpec.newBuilder().setName("m"))
        .addMetadataField("signature_def").build().toByteArray());
  }

  @Test
  void getModelMetadataResponseIsModelSpec1AndAMapOfAnyInMetadata2() throws Exception {
    byte[] golden = Hex.bytes(
        "0a 03 0a 01 6d"                   // model_spec (1, len 3) { name = "m" }
            + " 12 55"                     // metadata (2, len 85) {
            + " 0a 0d 7369676e61747572655f646566" // key (1, len 13) = "signature_def"
            + " 12 44"                     //   value (2, len 68) = Any {
            + " 0a 36 747970652e676f6f676c65617069732e636f6d2f" // type_url (1, len 54) = "type.googleapis.com/"
            // "tensorflow.serving.SignatureDefMap"
            + " 74656e736f72666c6f772e73657276696e672e5369676e6174757265446566 4d6170"
            + " 12 0a 0a 08 0a 01 73 12 03 1a 01 70"); // value (2, len 10) = the SignatureDefMap below } }
    GetModelMetadataResponse parsed = GetModelMetadataResponse.parseFrom(golden);

    assertEquals("m", parsed.getModelSpec().getName());
    Any any = parsed.getMetadataOrThrow("signature_def");
    assertEquals("type.googleapis.com/tensorflow.serving.SignatureDefMap", any.getTypeUrl());
    assertEquals(smallSignatureDefMap(), any.unpack(SignatureDefMap.class));
    assertArrayEquals(golden, GetModelMetadataResponse.newBuilder().setModelSpec(ModelSpec.newBuilder().setName("m"))
        .putMetadata("signature_def", Any.pack(smallSignatureDefMap())).build().toByteArray());
  }

  @Test
  void signatureDefMapIsAMapInField1() throws Exception {
    byte[] golden = Hex.bytes(
        "0a 08"                            // signature_def (1, len 8) {
            + " 0a 01 73"                  //   key (1) = "s"
            + " 12 03 1a 01 70");          //   value (2, len 3) = SignatureDef { method_name (3) = "p" } }
    SignatureDefMap parsed = SignatureDefMap.parseFrom(golden);

    assertEquals("p", parsed.getSignatureDefOrThrow("s").getMethodName());
    assertArrayEquals(golden, smallSignatureDefMap().toByteArray());
  }

  @Test
  void signatureDefIsInputs1Outputs2MethodName3Defaults4AndTensorInfoName1Dtype2Shape3() throws Exception {
    byte[] golden = Hex.bytes(
        "0a 1b 0a 01 78 12 16"             // inputs (1, len 27) { key = "x", value (len 22) = TensorInfo {
            + " 0a 03 783a30"              //   name (1, len 3) = "x:0"
            + " 10 01"                     //   dtype (2, varint) = 1 DT_FLOAT
            + " 1a 0d 12 0b 08 ffffffffffffffffff01" // tensor_shape (3, len 13) { dim (2, len 11) { size = -1 } } } }
            + " 12 10 0a 01 79 12 0b"      // outputs (2, len 16) { key = "y", value (len 11) = TensorInfo {
            + " 0a 03 793a30 10 01"        //   name = "y:0", dtype = 1
            + " 1a 02 18 01"               //   tensor_shape (3, len 2) { unknown_rank (3, varint) = true } } }
            + " 1a 1a 74656e736f72666c6f772f73657276696e672f70726564696374" // method_name (3, len 26)
            + " 22 07 0a 01 6b 12 02 08 01"); // defaults (4, len 7) { key = "k", value { dtype = 1 } }
    SignatureDef parsed = SignatureDef.parseFrom(golden);

    TensorInfo x = TensorInfo.newBuilder().setName("x:0").setDtype(DataType.DT_FLOAT).setTensorShape(
        TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dim.newBuilder().setSize(-1))).build();
    TensorInfo y = TensorInfo.newBuilder().setName("y:0").setDtype(DataType.DT_FLOAT)
        .setTensorShape(TensorShapeProto.newBuilder().setUnknownRank(true)).build();
    assertEquals(x, parsed.getInputsOrThrow("x"));
    assertEquals(y, parsed.getOutputsOrThrow("y"));
    assertEquals("tensorflow/serving/predict", parsed.getMethodName());
    assertEquals(FLOAT_TENSOR, parsed.getDefaultsOrThrow("k"));
    assertArrayEquals(golden, SignatureDef.newBuilder().putInputs("x", x).putOutputs("y", y)
        .setMethodName("tensorflow/serving/predict").putDefaults("k", FLOAT_TENSOR).build().toByteArray());
  }

  @Test
  void tensorInfoLeavesCooSparse4UnreadRatherThanMisreadingIt() throws Exception {
    byte[] golden = Hex.bytes(
        "10 01"                            // dtype (2) = 1 DT_FLOAT
            + " 22 03 0a 01 76");          // coo_sparse (4, len 3) { values_tensor_name (1) = "v" }: reserved here
    TensorInfo parsed = TensorInfo.parseFrom(golden);

    assertEquals(TensorInfo.EncodingCase.ENCODING_NOT_SET, parsed.getEncodingCase());
    assertEquals(DataType.DT_FLOAT, parsed.getDtype());
    assertFalse(parsed.hasTensorShape());
    assertTrue(parsed.getUnknownFields().hasField(4));
    assertArrayEquals(golden, parsed.toByteArray());
  }

  @Test
  void g3PredictRequestInputsAndPredictResponseOutputsAreField1() throws Exception {
    byte[] request = Hex.bytes(
        "0a 07 0a 01 61 12 02 08 06");     // inputs (1, len 7) { key = "a", value = Tensor { dtype (1) = 6 DT_INT8 } }
    org.modelrt.wire.g3.Tensor int8 = org.modelrt.wire.g3.Tensor.newBuilder()
        .setDtype(org.modelrt.wire.g3.DataType.DT_INT8).build();

    assertEquals(int8, org.modelrt.wire.g3.PredictRequest.parseFrom(request).getInputsOrThrow("a"));
    assertArrayEquals(request,
        org.modelrt.wire.g3.PredictRequest.newBuilder().putInputs("a", int8).build().toByteArray());

    byte[] response = Hex.bytes(
        "0a 0b 0a 03 73756d"               // outputs (1, len 11) { key = "sum",
            + " 12 04 08 06 12 00");       //   value (len 4) = Tensor { dtype = 6, tensor_shape (2) present, empty } }
    org.modelrt.wire.g3.Tensor scalar = int8.toBuilder()
        .setTensorShape(org.modelrt.wire.g3.TensorShape.getDefaultInstance()).build();

    assertEquals(scalar, org.modelrt.wire.g3.PredictResponse.parseFrom(response).getOutputsOrThrow("sum"));
    assertArrayEquals(response,
        org.modelrt.wire.g3.PredictResponse.newBuilder().putOutputs("sum", scalar).build().toByteArray());
  }

  @Test
  void statusResponseIsStatus1AndMessage2() throws Exception {
    byte[] golden = Hex.bytes(
        "08 02"                            // status (1, varint) = 2 NOT_SERVING
            + " 12 03 626164");            // message (2, len 3) = "bad"
    StatusResponse parsed = StatusResponse.parseFrom(golden);

    assertEquals(StatusResponse.ServiceStatus.NOT_SERVING, parsed.getStatus());
    assertEquals("bad", parsed.getMessage());
    assertArrayEquals(golden, StatusResponse.newBuilder().setStatus(StatusResponse.ServiceStatus.NOT_SERVING)
        .setMessage("bad").build().toByteArray());
  }

  private static SignatureDefMap smallSignatureDefMap() {
    return SignatureDefMap.newBuilder().putSignatureDef("s", SignatureDef.newBuilder().setMethodName("p").build())
        .build();
  }
}
