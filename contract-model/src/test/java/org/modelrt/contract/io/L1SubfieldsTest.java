package org.modelrt.contract.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.modelrt.contract.Contract;
import org.modelrt.contract.ContractFormatException;
import org.modelrt.contract.DType;
import org.modelrt.contract.Field;
import org.modelrt.contract.Hex;
import org.modelrt.contract.Shape;
import org.modelrt.contract.Signature;

/**
 * L1 map fields in both forms the protos had, written by hand (checked with {@code protoc --decode_raw}). Every file is
 * ModelContract{model_name "m", signature "s": input "p" (a map), output "o" (TensorInfo DT_FLOAT)}.
 */
class L1SubfieldsTest {
  private static final Shape ANY = Shape.unknownRank();
  private static final Field OUTPUT = Field.tensor("o", DType.FLOAT, ANY);
  private static final String OUTPUT_BYTES = "1a 07 0a 01 6f 1a 02 10 01"; // output { field_name "o" info { dtype 1 } }

  @Test
  void readsAComplexFieldOfModelFields() throws Exception {
    Contract contract = ContractReader.readBinary(Hex.bytes(
        "0a 01 6d  12 25  0a 01 73"        // model_name "m", signature (37 bytes) { signature_name "s"
            + " 12 17 0a 01 70 12 12"      //   input (23) { field_name "p", subfields (18) = ComplexField {
            + " 0a 07 0a 01 78 1a 02 10 01" //     data { field_name "x" info { dtype 1 DT_FLOAT } }
            + " 0a 07 0a 01 79 1a 02 10 09 " //    data { field_name "y" info { dtype 9 DT_INT64 } } } }
            + OUTPUT_BYTES), "contract.protobin");

    assertEquals(List.of(new Signature("s", List.of(new Field("p", DType.MAP, ANY, List.of(
        Field.tensor("x", DType.FLOAT, ANY), Field.tensor("y", DType.INT64, ANY)))), List.of(OUTPUT))),
        List.copyOf(contract.signatures()));
  }

  @Test
  void readsADictOfNamedModelFields() throws Exception {
    Contract contract = ContractReader.readBinary(Hex.bytes(
        "0a 01 6d  12 29  0a 01 73"                 // model_name "m", signature (41 bytes) { signature_name "s"
            + " 12 1b 0a 01 70 12 16"               //   input (27) { field_name "p", subfields (22) = Dict {
            + " 0a 09 0a 01 78 12 04 1a 02 10 01"   //     data { key "x" value { info { dtype 1 } } }
            + " 0a 09 0a 01 79 12 04 1a 02 10 09 "  //     data { key "y" value { info { dtype 9 } } } } }
            + OUTPUT_BYTES), "contract.protobin");

    assertEquals(List.of(new Signature("s", List.of(new Field("p", DType.MAP, ANY, List.of(
        Field.tensor("x", DType.FLOAT, ANY), Field.tensor("y", DType.INT64, ANY)))), List.of(OUTPUT))),
        List.copyOf(contract.signatures()));
  }

  @Test
  void readsAComplexFieldNestedInAComplexField() throws Exception {
    Contract contract = ContractReader.readBinary(Hex.bytes(
        "0a 01 6d  12 23  0a 01 73"                    // model_name "m", signature (35 bytes) { signature_name "s"
            + " 12 15 0a 01 70 12 10"                  //   input (21) { field_name "p", subfields (16) {
            + " 0a 0e 0a 01 71 12 09"                  //     data { field_name "q", subfields (9) {
            + " 0a 07 0a 01 78 1a 02 10 01 "           //       data { field_name "x" info { dtype 1 } } } } } }
            + OUTPUT_BYTES), "contract.protobin");

    Field q = new Field("q", DType.MAP, ANY, List.of(Field.tensor("x", DType.FLOAT, ANY)));
    assertEquals(new Field("p", DType.MAP, ANY, List.of(q)), contract.signature("s").orElseThrow().inputs().get(0));
  }

  @Test
  void readsSubfieldsNestedAsDeepAsTheLimitAndRefusesOneLevelMore() throws Exception {
    Field p = ContractReader.readBinary(MalformedBinaryContractTest.l1NestedSubfields(L1Subfields.MAX_DEPTH),
        "contract.protobin").signature("s").orElseThrow().inputs().get(0);
    int levels = 0;
    for (Field f = p; f.isMap(); f = f.subfields().get(0)) {
      levels++;
    }
    assertEquals(L1Subfields.MAX_DEPTH, levels);

    ContractFormatException e = assertThrows(ContractFormatException.class, () -> ContractReader.readBinary(
        MalformedBinaryContractTest.l1NestedSubfields(L1Subfields.MAX_DEPTH + 1), "contract.protobin"));
    assertEquals("contract.protobin: signature 's', input 'p'" + ", subfield 'x'".repeat(L1Subfields.MAX_DEPTH)
        + ": subfields nest more than 32 levels deep", e.getMessage());
  }

  @Test
  void refusesSubfieldsThatMixBothForms() {
    ContractFormatException e = assertThrows(ContractFormatException.class, () -> ContractReader.readBinary(
        Hex.bytes("0a 01 6d  12 27  0a 01 73  12 19 0a 01 70 12 14"
            + " 0a 07 0a 01 78 1a 02 10 01"            // a ComplexField ModelField "x"
            + " 0a 09 0a 01 79 12 04 1a 02 10 09 "     // a Dict entry "y"
            + OUTPUT_BYTES), "contract.protobin"));

    assertEquals("contract.protobin: signature 's', input 'p': subfields mix Dict entries (protos 0.0.5-0.0.10) "
        + "and ComplexField fields (0.0.11+)", e.getMessage());
  }

  @Test
  void refusesADictKeyThatNamesAFieldCalledOtherwise() {
    ContractFormatException e = assertThrows(ContractFormatException.class, () -> ContractReader.readBinary(
        Hex.bytes("0a 01 6d  12 21  0a 01 73  12 13 0a 01 70 12 0e"
            + " 0a 0c 0a 01 78 12 07 0a 01 7a 1a 02 10 01 " // data { key "x" value { field_name "z" info {...} } }
            + OUTPUT_BYTES), "contract.protobin"));

    assertEquals("contract.protobin: signature 's', input 'p', subfield 'x': the Dict key names a field whose "
        + "field_name is 'z'", e.getMessage());
  }
}
