package org.modelrt.bench.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.modelrt.contract.DType;
import org.modelrt.contract.Field;
import org.modelrt.contract.Shape;
import org.modelrt.contract.Signature;
import org.modelrt.wire.tensor.TensorProto;

class RequestSpecsTest {
  private static final Path PT_LINEAR = Path.of("../test-models/pt_linear/expected.json");
  private static final Path TF_STRING = Path.of("../test-models/tf_string/expected.json");

  @Test
  void expectedJsonCaseBecomesTypedFloatValues() throws Exception {
    RequestSpec spec = RequestSpecs.fromJson(PT_LINEAR, 0, false);
    TensorProto x = spec.inputs().get("x");
    assertEquals("serving_default", spec.signature());
    assertEquals(DType.FLOAT.wireNumber(), x.getDtypeValue());
    assertEquals(List.of(1L, 4L), x.getTensorShape().getDimList().stream().map(d -> d.getSize()).toList());
    assertEquals(List.of(1.0f, 2.0f, 3.0f, 4.0f), x.getFloatValList());
  }

  @Test
  void contentModeWritesLittleEndianBytesAndNoTypedValues() throws Exception {
    TensorProto x = RequestSpecs.fromJson(PT_LINEAR, 1, true).inputs().get("x");
    ByteBuffer bytes = x.getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(0, x.getFloatValCount());
    assertEquals(3 * 4 * 4, bytes.remaining());
    assertEquals(0.5f, bytes.getFloat(0));
    assertEquals(-40.0f, bytes.getFloat(11 * 4));
  }

  @Test
  void base64StringValuesAreDecodedToTheirBytes() throws Exception {
    TensorProto text = RequestSpecs.fromJson(TF_STRING, 0, false).inputs().get("text");
    assertEquals(DType.STRING.wireNumber(), text.getDtypeValue());
    assertTrue(text.getStringValCount() > 0);
  }

  @Test
  void commandLineTensorWithoutValuesIsAllOnes() {
    RequestSpec spec = RequestSpecs.fromCli("predict", List.of("x:DT_INT64:2x3", "f:DT_DOUBLE:2=0.5,7"), false);
    assertEquals(List.of(1L, 1L, 1L, 1L, 1L, 1L), spec.inputs().get("x").getInt64ValList());
    assertEquals(List.of(0.5, 7.0), spec.inputs().get("f").getDoubleValList());
    assertEquals("predict", spec.signature());
  }

  @Test
  void signatureWithAnyDimsBecomesOnesOfSizeOne() {
    Signature sig = new Signature("predict",
        List.of(Field.tensor("x", DType.FLOAT, Shape.of(-1, 4)), Field.tensor("n", DType.INT32, Shape.scalar())),
        List.of(Field.tensor("y", DType.FLOAT, Shape.of(-1, 3))));
    RequestSpec spec = RequestSpecs.fromSignature(sig, false);
    assertEquals(List.of(1f, 1f, 1f, 1f), spec.inputs().get("x").getFloatValList());
    assertEquals(List.of(1), spec.inputs().get("n").getIntValList());
    assertEquals(0, spec.inputs().get("n").getTensorShape().getDimCount());
  }

  @Test
  void valueCountThatDoesNotFillTheShapeNamesTheInput() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RequestSpecs.fromCli("", List.of("x:DT_FLOAT:1x4=1,2,3"), false));
    assertEquals("input 'x': shape [1,4] holds 4 elements, 3 values given", e.getMessage());
  }

  @Test
  void unknownDtypeIsRefusedByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RequestSpecs.fromCli("", List.of("x:DT_FLOOT:1"), false));
    assertTrue(e.getMessage().contains("'DT_FLOOT' is not a dtype"), e.getMessage());
  }

  @Test
  void g3TensorKeepsValuesAndMovesTheShape() throws Exception {
    TensorProto x = RequestSpecs.fromJson(PT_LINEAR, 1, false).inputs().get("x");
    org.modelrt.wire.g3.Tensor g3 = G3Tensors.from(x);
    assertArrayEquals(new long[] {3, 4}, g3.getTensorShape().getDimsList().stream().mapToLong(l -> l).toArray());
    assertEquals(x.getFloatValList(), g3.getFloatValList());
    assertEquals(DType.FLOAT.wireNumber(), g3.getDtypeValue());
  }

  @Test
  void bundledExampleContractGivesOnesOfItsPredictSignature() {
    // examples/linear-torchscript: G3 contract, signature "predict", x DT_FLOAT [-1, 4].
    RequestSpec spec = RequestSpecs.fromSignature(
        ContractFiles.read(Path.of("../examples/linear-torchscript")).select(""), false);
    assertEquals("predict", spec.signature());
    TensorProto x = spec.inputs().get("x");
    assertEquals(List.of(1.0f, 1.0f, 1.0f, 1.0f), x.getFloatValList());
    assertEquals(List.of(1L, 4L), x.getTensorShape().getDimList().stream().map(d -> d.getSize()).toList());
  }
}
