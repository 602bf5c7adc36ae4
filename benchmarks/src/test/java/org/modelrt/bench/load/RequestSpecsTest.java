package org.modelrt.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.modelrt.contract.DType;
import org.modelrt.contract.Field;
import org.modelrt.contract.Shape;
import org.modelrt.contract.Signature;
import org.modelrt.wire.g3.Tensor;
import org.modelrt.wire.tensor.TensorProto;

class RequestSpecsTest {
  private static final Path PT_LINEAR = Path.of("../test-models/pt_linear/expected.json");
  private static final Path TF_STRING = Path.of("../test-models/tf_string/expected.json");

  @Test
  void expectedJsonCaseBecomesTypedFloatValues() throws Exception {
    RequestSpec spec = RequestSpecs.fromJson(PT_LINEAR, 0, false);
    TensorProto x = spec.g2("m").getInputsOrThrow("x");
    assertEquals("serving_default", spec.g2("m").getModelSpec().getSignatureName());
    assertEquals(DType.FLOAT.wireNumber(), x.getDtypeValue());
    assertEquals(List.of(1L, 4L), x.getTensorShape().getDimList().stream().map(d -> d.getSize()).toList());
    assertEquals(List.of(1.0f, 2.0f, 3.0f, 4.0f), x.getFloatValList());
  }

  @Test
  void contentModeWritesLittleEndianBytesAndNoTypedValues() throws Exception {
    TensorProto x = RequestSpecs.fromJson(PT_LINEAR, 1, true).g2("m").getInputsOrThrow("x");
    ByteBuffer bytes = x.getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(0, x.getFloatValCount());
    assertEquals(3 * 4 * 4, bytes.remaining());
    assertEquals(0.5f, bytes.getFloat(0));
    assertEquals(-40.0f, bytes.getFloat(11 * 4));
  }

  @Test
  void base64StringValuesAreSentAsTheirBytes() throws Exception {
    // tf_string's first case, first value, as written (base64) in the file.
    String firstValue = com.google.gson.JsonParser.parseString(java.nio.file.Files.readString(TF_STRING))
        .getAsJsonObject().getAsJsonArray("cases").get(0).getAsJsonObject().getAsJsonObject("inputs")
        .getAsJsonObject("text").getAsJsonArray("values").get(0).getAsString();
    TensorProto text = RequestSpecs.fromJson(TF_STRING, 0, false).g2("m").getInputsOrThrow("text");
    assertEquals(DType.STRING.wireNumber(), text.getDtypeValue());
    assertEquals(ByteString.copyFrom(Base64.getDecoder().decode(firstValue)), text.getStringVal(0));
  }

  @Test
  void commandLineTensorWithoutValuesIsAllOnes() {
    RequestSpec spec = RequestSpecs.fromCli("predict", List.of("x:DT_INT64:2x3", "f:DT_DOUBLE:2=0.5,7"), false);
    assertEquals(List.of(1L, 1L, 1L, 1L, 1L, 1L), spec.g2("m").getInputsOrThrow("x").getInt64ValList());
    assertEquals(List.of(0.5, 7.0), spec.g2("m").getInputsOrThrow("f").getDoubleValList());
    assertEquals("predict", spec.g2("m").getModelSpec().getSignatureName());
  }

  @Test
  void commandLineStringsAreUtf8Bytes() {
    RequestSpec spec = RequestSpecs.fromCli("", List.of("s:DT_STRING:1=é"), false);
    assertEquals(ByteString.copyFrom(new byte[] {(byte) 0xC3, (byte) 0xA9}),
        spec.g2("m").getInputsOrThrow("s").getStringVal(0));
  }

  @Test
  void signatureWithAnyDimsBecomesOnesOfSizeOne() {
    Signature sig = new Signature("predict",
        List.of(Field.tensor("x", DType.FLOAT, Shape.of(-1, 4)), Field.tensor("n", DType.INT32, Shape.scalar())),
        List.of(Field.tensor("y", DType.FLOAT, Shape.of(-1, 3))));
    RequestSpec spec = RequestSpecs.fromSignature(sig, false);
    assertEquals(List.of(1f, 1f, 1f, 1f), spec.g2("m").getInputsOrThrow("x").getFloatValList());
    assertEquals(List.of(1), spec.g2("m").getInputsOrThrow("n").getIntValList());
    assertEquals(0, spec.g2("m").getInputsOrThrow("n").getTensorShape().getDimCount());
  }

  @Test
  void malformedCommandLineTensorSaysTheExpectedForm() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RequestSpecs.fromCli("", List.of("x:1x4"), false));
    assertEquals("--input 'x:1x4': expected NAME:DTYPE:SHAPE[=VALUES], e.g. x:DT_FLOAT:1x4=1,2,3,4", e.getMessage());
  }

  @Test
  void unknownDtypeIsRefusedByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RequestSpecs.fromCli("", List.of("x:DT_FLOOT:1"), false));
    assertTrue(e.getMessage().contains("'DT_FLOOT' is not a dtype"), e.getMessage());
  }

  @Test
  void g3RequestCarriesTheSameValuesWithItsOwnShape() throws Exception {
    RequestSpec spec = RequestSpecs.fromJson(PT_LINEAR, 1, false);
    Tensor g3 = spec.g3().getInputsOrThrow("x");
    assertEquals(List.of(3L, 4L), g3.getTensorShape().getDimsList());
    assertEquals(spec.g2("m").getInputsOrThrow("x").getFloatValList(), g3.getFloatValList());
    assertEquals(DType.FLOAT.wireNumber(), g3.getDtypeValue());
  }

  @Test
  void bundledExampleContractGivesOnesOfItsPredictSignature() {
    // examples/linear-torchscript: G3 contract, signature "predict", x DT_FLOAT [-1, 4].
    RequestSpec spec = RequestSpecs.fromSignature(
        ContractFiles.read(Path.of("../examples/linear-torchscript")).select(""), false);
    TensorProto x = spec.g2("m").getInputsOrThrow("x");
    assertEquals("predict", spec.signature());
    assertEquals(List.of(1.0f, 1.0f, 1.0f, 1.0f), x.getFloatValList());
    assertEquals(List.of(1L, 4L), x.getTensorShape().getDimList().stream().map(d -> d.getSize()).toList());
  }
}
