package org.modelrt.contract.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.modelrt.contract.ContractFormatException;
import org.modelrt.contract.Hex;
import org.modelrt.wire.contract.ModelContract;
import org.modelrt.wire.contract.ModelField;
import org.modelrt.wire.contract.ModelSignature;
import org.modelrt.wire.contract.legacy.L1ComplexField;
import org.modelrt.wire.contract.legacy.L1ModelContract;
import org.modelrt.wire.contract.legacy.L1ModelField;
import org.modelrt.wire.contract.legacy.L1ModelSignature;
import org.modelrt.wire.contract.legacy.L1TensorInfo;
import org.modelrt.wire.g3.TensorShape;
import org.modelrt.wire.tensor.DataType;
import org.modelrt.wire.tensor.TensorShapeProto;

/**
 * Files that are no valid contract: each gives its own message saying what is wrong and where, never an empty
 * contract. Byte offsets are 0-based and were counted by hand from the hex (and the fixtures' {@code xxd}).
 */
class MalformedBinaryContractTest {
  private static final String IS_NOT = "contract.protobin: is not a Hydrosphere contract (";

  static Stream<Arguments> malformed() throws IOException {
    return Stream.of(
        row("an empty file", new byte[0], IS_NOT + "the file is empty)"),
        row("text, whose third byte 'l' is an end-group tag", "hello world".getBytes(StandardCharsets.US_ASCII),
            IS_NOT + "field 13 at byte 2 has wire type 4 (a group, which no contract uses))"),
        row("JSON, whose '{' is a start-group tag", "{\"a\":1}".getBytes(StandardCharsets.US_ASCII),
            IS_NOT + "field 15 at byte 0 has wire type 3 (a group, which no contract uses))"),
        row("random bytes: 9c 4f is tag 10140, field 1267 wire type 4", Hex.bytes("9c4f2ea10733d815"),
            IS_NOT + "field 1267 at byte 0 has wire type 4 (a group, which no contract uses))"),
        row("a TensorProto: well-formed protobuf, but a varint at the top",
            Hex.bytes("08 01 12 04 12 02 08 02 2a 08 0000803f 00000040"),
            IS_NOT + "field 1 at byte 0 is a varint; a contract has only length-delimited fields 1-3 at the top)"),
        row("a G3 signature with a top-level field 4 (22 00) after its 28 bytes",
            concat(fixture("L3-calculator.protobin"), Hex.bytes("22 00")),
            IS_NOT + "field 4 at byte 28 is length-delimited; a contract has only length-delimited fields 1-3 at the "
                + "top)"),
        row("lstm cut to 17 bytes: 12 43 declares 67 bytes, 15 follow",
            Arrays.copyOf(fixture("L2-lstm.protobin"), 17),
            IS_NOT + "truncated message at byte 0: field 2 declares 67 bytes but 15 remain)"),
        row("G3 calculator without its last byte: 1a 07 at byte 19 has 6 bytes left",
            Arrays.copyOf(fixture("L3-calculator.protobin"), 27),
            IS_NOT + "truncated message at byte 19: field 3 declares 7 bytes but 6 remain)"),
        row("G3 calculator cut after the tag at byte 19", Arrays.copyOf(fixture("L3-calculator.protobin"), 20),
            IS_NOT + "truncated message at byte 19: the field there ends early)"),
        row("a signature whose name (0a 05 at byte 2) runs past its entry",
            Hex.bytes("12 03 0a 05 61"), IS_NOT + "truncated message at byte 2: field 1 declares 5 bytes but 1 "
                + "remain)"),
        row("a model name and no signature", Hex.bytes("0a 03 616263"), "contract.protobin: no signatures"),
        row("crashing_calculator with input a's dtype (byte 40) set to 0",
            patch(fixture("L2p-crashing_calculator.protobin"), 40, 0x00),
            "contract.protobin: signature 'crash_add', input 'a': dtype DT_INVALID"),
        row("tf_summator (L0) with input a's type (byte 26) set to 24, DT_ANY in G3 only",
            patch(fixture("L0-tf_summator.protobin"), 26, 24),
            "contract.protobin: signature 'add', input 'a': dtype 24 is not a G1/G2 DataType (DT_ANY = 24 exists "
                + "only in G3 contracts)"),
        row("calculator (L1) with input a's TensorInfo dtype (byte 27) set to 24",
            patch(fixture("L1-calculator.protobin"), 27, 24),
            "contract.protobin: signature 'add', input 'a': dtype 24 is not a G1/G2 DataType (DT_ANY = 24 exists "
                + "only in G3 contracts)"),
        row("crashing_calculator (L2') with input a's dtype (byte 40) set to 24",
            patch(fixture("L2p-crashing_calculator.protobin"), 40, 24),
            "contract.protobin: signature 'crash_add', input 'a': dtype 24 is not a G1/G2 DataType (DT_ANY = 24 "
                + "exists only in G3 contracts)"),
        row("a G3 input with a name and nothing else",
            Hex.bytes("0a 03 616464  12 03 0a 01 61  1a 07 0a 03 73756d 20 06"),
            "contract.protobin: signature 'add', input 'a': dtype DT_INVALID: neither a dtype nor subfields"),
        row("G3 calculator with input a's dtype (byte 11) set to 99",
            patch(fixture("L3-calculator.protobin"), 11, 99),
            "contract.protobin: signature 'add', input 'a': dtype 99 is not a known DataType"),
        row("G3 calculator with input b (byte 16) renamed a", patch(fixture("L3-calculator.protobin"), 16, 'a'),
            "contract.protobin: signature 'add': two inputs are named 'a'"),
        row("lstm with data's first dim (10-byte varint at 22) set to -2",
            patch(fixture("L2-lstm.protobin"), 22, 0xfe),
            "contract.protobin: signature 'infer', input 'data': shape dim 0 is -2, below -1"),
        row("a G3 shape dim below -1", g3ShapeWithDims(2, -2),
            "contract.protobin: signature 'add', input 'a': shape dim 1 is -2, below -1"),
        row("G3 calculator with an invalid UTF-8 name (byte 9)", patch(fixture("L3-calculator.protobin"), 9, 0xff),
            IS_NOT + "read as L3 (protos 3.x, bare ModelSignature): Protocol message had invalid UTF-8.)"),
        row("an L0 input (type as varint 2) beside an L2 output (dtype as varint 4)",
            Hex.bytes("12 11  0a 01 73  12 05 0a 01 61 10 01  1a 05 0a 01 62 20 01"),
            IS_NOT + "its fields mix layouts: signature 's' input 'a' at byte 5 reads as L0 (Nov 2017, "
                + "field_name/type/shape), signature 's' output 'b' at byte 12 as L2 (protos 0.1.x-2.x, "
                + "ModelContract))"),
        row("an L2 input with a field 7 (38 05) that no layout has",
            Hex.bytes("0a 01 6d  12 13  0a 01 73  12 07 0a 01 61 20 01 38 05  1a 05 0a 01 62 20 01"),
            IS_NOT + "read as L2 (protos 0.1.x-2.x, ModelContract), signatures[0].inputs[0] has field 7 (a varint), "
                + "which the layout does not have)"),
        row("an L2 signature without outputs", Hex.bytes("12 0a  0a 01 73  12 05 0a 01 61 20 01"),
            "contract.protobin: signature 's': has no outputs"),
        row("a G3 signature without outputs: told from the varint inside its field 2",
            Hex.bytes("0a 03 616464  12 05 0a 01 61 20 06"),
            "contract.protobin: signature 'add': has no outputs"),
        row("an L2 signature without a name", Hex.bytes("12 07  1a 05 0a 01 62 20 01"),
            "contract.protobin: signature #1: has no signature_name"),
        row("two signatures with one name", ModelContract.newBuilder()
                .addSignatures(l2Signature("add")).addSignatures(l2Signature("add")).build().toByteArray(),
            "contract.protobin: two signatures are named 'add'"),
        row("unknown_rank with dims", ModelContract.newBuilder().addSignatures(l2Signature("s").toBuilder()
                .setInputs(0, l2Field("a").setShape(TensorShapeProto.newBuilder().setUnknownRank(true)
                    .addDim(TensorShapeProto.Dim.newBuilder().setSize(3))))).build().toByteArray(),
            "contract.protobin: signature 's', input 'a': shape has unknown_rank set and 1 dims"),
        row("a map field without subfields", ModelContract.newBuilder().addSignatures(l2Signature("s").toBuilder()
                .setInputs(0, l2Field("m").setSubfields(ModelField.Subfield.getDefaultInstance())))
                .build().toByteArray(),
            "contract.protobin: signature 's', input 'm': subfields is empty; a map field needs at least one "
                + "subfield"),
        row("L1 subfields nested 5,000 levels deep (51 KB; each level parses its own bytes)",
            l1NestedSubfields(5000), "contract.protobin: signature 's', input 'p'" + ", subfield 'x'".repeat(32)
                + ": subfields nest more than 32 levels deep"),
        row("two subfields with one name", ModelContract.newBuilder().addSignatures(l2Signature("s").toBuilder()
                .setInputs(0, l2Field("m").setSubfields(ModelField.Subfield.newBuilder()
                    .addData(l2Field("x")).addData(l2Field("x"))))).build().toByteArray(),
            "contract.protobin: signature 's', input 'm': two subfields are named 'x'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void refusesWithWhatIsWrongAndWhere(String file, byte[] bytes, String message) {
    ContractFormatException e =
        assertThrows(ContractFormatException.class, () -> ContractReader.readBinary(bytes, "contract.protobin"));

    assertEquals(message, e.getMessage());
  }

  private static Arguments row(String name, byte[] bytes, String message) {
    return Arguments.of(name, bytes, message);
  }

  private static byte[] fixture(String name) throws IOException {
    try (InputStream in = MalformedBinaryContractTest.class.getResourceAsStream("/contracts/" + name)) {
      return in.readAllBytes();
    }
  }

  private static byte[] patch(byte[] bytes, int offset, int value) {
    byte[] copy = bytes.clone();
    copy[offset] = (byte) value;
    return copy;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] g3ShapeWithDims(long... dims) {
    TensorShape.Builder shape = TensorShape.newBuilder();
    for (long d : dims) {
      shape.addDims(d);
    }
    var field = org.modelrt.wire.g3.ModelField.newBuilder().setName("a")
        .setDtype(org.modelrt.wire.g3.DataType.DT_FLOAT).setShape(shape);
    var out = org.modelrt.wire.g3.ModelField.newBuilder().setName("y")
        .setDtype(org.modelrt.wire.g3.DataType.DT_FLOAT);
    return org.modelrt.wire.g3.ModelSignature.newBuilder().setSignatureName("add").addInputs(field)
        .addOutputs(out).build().toByteArray();
  }

  /**
   * An L1 contract whose input 'p' holds subfields {@code levels} deep: each level a ComplexField of one ModelField
   * 'x', the innermost with a TensorInfo.
   */
  static byte[] l1NestedSubfields(int levels) {
    L1ModelField x = L1ModelField.newBuilder().setFieldName("x")
        .setInfo(L1TensorInfo.newBuilder().setDtype(DataType.DT_FLOAT)).build();
    for (int i = 1; i < levels; i++) {
      x = L1ModelField.newBuilder().setFieldName("x")
          .setSubfields(L1ComplexField.newBuilder().addData(x).build().toByteString()).build();
    }
    L1ModelField p = L1ModelField.newBuilder().setFieldName("p")
        .setSubfields(L1ComplexField.newBuilder().addData(x).build().toByteString()).build();
    L1ModelField out = L1ModelField.newBuilder().setFieldName("o")
        .setInfo(L1TensorInfo.newBuilder().setDtype(DataType.DT_FLOAT)).build();
    return L1ModelContract.newBuilder().addSignatures(L1ModelSignature.newBuilder().setSignatureName("s")
        .addInputs(p).addOutputs(out)).build().toByteArray();
  }

  private static ModelField.Builder l2Field(String name) {
    return ModelField.newBuilder().setName(name).setDtype(DataType.DT_FLOAT);
  }

  private static ModelSignature l2Signature(String name) {
    return ModelSignature.newBuilder().setSignatureName(name).addInputs(l2Field("a")).addOutputs(l2Field("y"))
        .build();
  }
}
