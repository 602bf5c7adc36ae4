package org.modelrt.contract.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.modelrt.contract.Contract;
import org.modelrt.contract.ContractFormatException;
import org.modelrt.contract.DType;
import org.modelrt.contract.Field;
import org.modelrt.contract.Shape;
import org.modelrt.contract.Signature;

/** contract.prototxt and contract.json: the same model as the binary layouts, in every form people wrote. */
class HandWrittenContractTest {

  static Stream<Arguments> sameContractAsBinary() {
    return Stream.of(
        Arguments.of("lstm.prototxt", "L2-lstm.protobin"),
        Arguments.of("lstm.json", "L2-lstm.protobin"),
        Arguments.of("crashing_calculator-2x.prototxt", "L2p-crashing_calculator.protobin"),
        Arguments.of("calculator-g3.prototxt", "L3-calculator.protobin"),
        Arguments.of("calculator-g3.json", "L3-calculator.protobin"));
  }

  @ParameterizedTest(name = "{0} reads as {1}")
  @MethodSource("sameContractAsBinary")
  void readsToTheSameModelAsTheBinaryFile(String handWritten, String binary) throws Exception {
    Contract text = ContractReader.read(RealContractFixturesTest.fixture(handWritten));
    Contract wire = ContractReader.read(RealContractFixturesTest.fixture(binary));

    assertEquals(wire.modelName(), text.modelName());
    assertEquals(List.copyOf(wire.signatures()), List.copyOf(text.signatures()));
  }

  @Test
  void readsScalarsShapesOfAnyRankMapFieldsAndSeveralSignatures() throws Exception {
    Contract contract = ContractReader.readText("""
        model_name: "demo"
        signatures {
          signature_name: "serving_default"
          inputs { name: "x" dtype: DT_DOUBLE shape { } }
          inputs { name: "m" shape { dim { size: 2 } } subfields { data { name: "k" dtype: DT_STRING } } }
          outputs { name: "y" dtype: DT_DOUBLE shape { unknown_rank: true } profile: NUMERICAL }
        }
        signatures {
          signature_name: "other"
          inputs { name: "x" dtype: DT_INT64 shape { dim { size: -1 } } }
          outputs { name: "y" dtype: DT_INT64 }
        }
        """, "contract.prototxt");

    assertEquals("demo", contract.modelName());
    assertEquals(List.of(
        new Signature("serving_default",
            List.of(Field.tensor("x", DType.DOUBLE, Shape.scalar()),
                new Field("m", DType.MAP, Shape.of(2), List.of(Field.tensor("k", DType.STRING, Shape.unknownRank())))),
            List.of(Field.tensor("y", DType.DOUBLE, Shape.unknownRank()))),
        new Signature("other", List.of(Field.tensor("x", DType.INT64, Shape.of(-1))),
            List.of(Field.tensor("y", DType.INT64, Shape.unknownRank())))),
        List.copyOf(contract.signatures()));
    assertEquals("serving_default", contract.defaultSignature().orElseThrow().name());
  }

  @Test
  void readsAG3SignatureWithDimsInJson() throws Exception {
    Contract contract = ContractReader.readJson("""
        {"signatureName": "predict",
         "inputs": [{"name": "x", "dtype": "DT_FLOAT", "shape": {"dims": ["-1", 3]}, "profile": "NUMERICAL"}],
         "outputs": [{"name": "y", "dtype": "DT_FLOAT", "shape": {}}]}
        """, "contract.json");

    assertEquals("", contract.modelName());
    assertEquals(List.of(new Signature("predict", List.of(Field.tensor("x", DType.FLOAT, Shape.of(-1, 3))),
        List.of(Field.tensor("y", DType.FLOAT, Shape.scalar())))), List.copyOf(contract.signatures()));
  }

  static Stream<Arguments> brokenText() {
    return Stream.of(
        Arguments.of("ModelContract and ModelSignature keys together", "model_name: \"m\" signature_name: \"add\"",
            "contract.prototxt: mixes ModelContract keys (model_name, signatures, predict) with ModelSignature keys "
                + "(signature_name, inputs, outputs); write one or the other"),
        Arguments.of("signatures and predict together",
            "signatures { signature_name: \"a\" outputs { name: \"y\" dtype: DT_FLOAT } }"
                + " predict { signature_name: \"b\" outputs { name: \"y\" dtype: DT_FLOAT } }",
            "contract.prototxt: has both signatures and predict; write one or the other"),
        Arguments.of("nothing", "# only a comment\n", "contract.prototxt: no signatures"),
        Arguments.of("DT_INVALID spelled out",
            "signature_name: \"s\" inputs { name: \"a\" dtype: DT_INVALID } outputs { name: \"y\" dtype: DT_FLOAT }",
            "contract.prototxt: signature 's', input 'a': dtype DT_INVALID"),
        Arguments.of("a dim below -1",
            "signatures { signature_name: \"s\" inputs { name: \"a\" dtype: DT_FLOAT shape { dim { size: 3 } "
                + "dim { size: -5 } } } outputs { name: \"y\" dtype: DT_FLOAT } }",
            "contract.prototxt: signature 's', input 'a': shape dim 1 is -5, below -1"),
        Arguments.of("an output without a name",
            "signature_name: \"s\" outputs { name: \"y\" dtype: DT_FLOAT } outputs { dtype: DT_FLOAT }",
            "contract.prototxt: signature 's', output #2: has no name"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenText")
  void refusesABrokenTextContractSayingWhatAndWhere(String rule, String text, String message) {
    ContractFormatException e =
        assertThrows(ContractFormatException.class, () -> ContractReader.readText(text, "contract.prototxt"));

    assertEquals(message, e.getMessage());
  }

  static Stream<Arguments> unparsableText() {
    return Stream.of(
        Arguments.of("a misspelt key", "signature_name: \"s\"\ninputs { nme: \"a\" }", "line 2, column 10: ", "nme"),
        Arguments.of("an unknown dtype name", "signature_name: \"s\"\n\ninputs { dtype: DT_FOO }",
            "line 3, column 17: ", "DT_FOO"),
        Arguments.of("a key given twice", "signature_name: \"s\"\nsignature_name: \"t\"", "line 2, column ",
            "signature_name"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unparsableText")
  void refusesTextThatDoesNotParseWithTheLineAndColumn(String rule, String text, String position, String culprit) {
    ContractFormatException e =
        assertThrows(ContractFormatException.class, () -> ContractReader.readText(text, "contract.prototxt"));

    assertTrue(e.getMessage().startsWith("contract.prototxt: not a contract in protobuf text format: " + position),
        e.getMessage());
    assertTrue(e.getMessage().contains(culprit), e.getMessage());
  }

  @Test
  void refusesJsonWithAnUnknownKeyRatherThanDroppingIt() {
    ContractFormatException e = assertThrows(ContractFormatException.class,
        () -> ContractReader.readJson("{\"signatureName\": \"s\", \"inputs\": [{\"nme\": \"a\"}]}", "contract.json"));

    assertTrue(e.getMessage().startsWith("contract.json: not a contract in JSON: "), e.getMessage());
    assertTrue(e.getMessage().contains("nme"), e.getMessage());
  }

  @Test
  void refusesJsonThatIsNotJson() {
    ContractFormatException e =
        assertThrows(ContractFormatException.class, () -> ContractReader.readJson("{\"signatures\": [", "c.json"));

    assertTrue(e.getMessage().startsWith("c.json: not a contract in JSON: "), e.getMessage());
  }
}
