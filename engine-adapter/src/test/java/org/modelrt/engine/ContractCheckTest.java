package org.modelrt.engine;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.modelrt.engine.Contracts.contract;
import static org.modelrt.engine.Contracts.f;
import static org.modelrt.engine.Contracts.floats;
import static org.modelrt.engine.Contracts.signature;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.modelrt.contract.Contract;
import org.modelrt.contract.DType;
import org.modelrt.contract.Field;
import org.modelrt.contract.Shape;
import org.modelrt.contract.Signature;
import org.modelrt.contract.io.ContractReader;
import org.modelrt.fixtures.TestModels;

/** The load-time check of a given contract against what the model says about itself. */
final class ContractCheckTest {
  private static final Contract TWO_IN =
      contract(
          signature(
              "serving_default",
              List.of(floats("a", -1, 4), floats("x", -1, 4)),
              List.of(floats("diff", -1, 4), floats("sum", -1, 4))));

  @Test
  void contractEqualToTheModelPasses() {
    assertDoesNotThrow(() -> ContractCheck.verify(EngineKind.TENSORFLOW, TWO_IN, Optional.of(TWO_IN)));
  }

  @Test
  void compatibleShapesOrderAndAnOutputSubsetPass() {
    Contract given =
        contract(
            signature(
                "serving_default",
                List.of(floats("x", 2, 4), Field.tensor("a", DType.FLOAT, Shape.unknownRank())),
                List.of(floats("sum", -1, -1))));
    assertDoesNotThrow(() -> ContractCheck.verify(EngineKind.TENSORFLOW, given, Optional.of(TWO_IN)));
  }

  @Test
  void everyMismatchIsListedInOneMessage() {
    Contract given =
        contract(
            signature(
                "serving_default",
                List.of(f("x", DType.INT64, -1, 4), floats("q", -1, 4)),
                List.of(floats("sum", -1, 4, 1), floats("diff", -1, 5), floats("nope", -1))),
            signature("mul", List.of(), List.of()));
    ModelLoadException e =
        assertThrows(
            ModelLoadException.class,
            () -> ContractCheck.verify(EngineKind.TENSORFLOW, given, Optional.of(TWO_IN)));
    assertEquals(
        "the contract does not match the model (7 problems): "
            + "1) signature 'serving_default' input 'x': contract dtype DT_INT64, model dtype DT_FLOAT; "
            + "2) signature 'serving_default' input 'q' is not an input of the model (model inputs: [a, x]); "
            + "3) signature 'serving_default' input 'a' of the model is missing from the contract; "
            + "4) signature 'serving_default' output 'sum': contract shape [-1,4,1] has rank 3, model shape [-1,4]"
            + " has rank 2; "
            + "5) signature 'serving_default' output 'diff': contract shape [-1,5] conflicts with model shape"
            + " [-1,4] in dim 1; "
            + "6) signature 'serving_default' output 'nope' is not an output of the model (model outputs:"
            + " [diff, sum]); "
            + "7) signature 'mul' is not in the model (it has [serving_default])",
        e.getMessage());
  }

  @Test
  void typesTheEngineCannotTakeAreRefusedEvenWithoutAModelDescription() {
    Contract given =
        contract(
            signature(
                "predict",
                List.of(f("text", DType.STRING, -1), f("u", DType.UINT32, -1)),
                List.of(f("c", DType.COMPLEX128, -1))));
    List<String> problems = ContractCheck.mismatches(EngineKind.PYTORCH, given, Optional.empty());
    assertEquals(3, problems.size(), problems.toString());
    assertEquals(
        "signature 'predict' input 'text': PyTorch in DJL cannot take DT_STRING (it takes [DT_BOOL, DT_DOUBLE,"
            + " DT_FLOAT, DT_HALF, DT_INT32, DT_INT64, DT_INT8, DT_UINT8])",
        problems.get(0));
    assertEquals("signature 'predict' output 'c': DT_COMPLEX128 has no DJL representation", problems.get(2));
  }

  @Test
  void mapFieldsAreRefused() {
    Field map = new Field("m", DType.MAP, Shape.unknownRank(), List.of(floats("inner", 1)));
    Contract given = contract(signature("s", List.of(map), List.of(floats("y", 1))));
    assertEquals(
        List.of("signature 's' input 'm' is a map of subfields; engines take tensors only"),
        ContractCheck.mismatches(EngineKind.ONNX_RUNTIME, given, Optional.empty()));
  }

  @Test
  void singleSignatureModelsTakeAContractOfOneSignatureWhateverItsName() {
    Signature model = signature("serving_default", List.of(floats("x", -1, 4)), List.of(floats("y", -1, 3)));
    Contract named = contract(signature("infer", model.inputs(), model.outputs()));
    assertEquals(
        List.of(), ContractCheck.mismatches(EngineKind.ONNX_RUNTIME, named, Optional.of(contract(model))));
    Contract two = contract(named.signatures().iterator().next(), signature("other", List.of(), List.of()));
    assertEquals(
        List.of(
            "a OnnxRuntime model has one signature; the contract has [infer, other]",
            "signature 'other' input 'x' of the model is missing from the contract"),
        ContractCheck.mismatches(EngineKind.ONNX_RUNTIME, two, Optional.of(contract(model))));
  }

  @Test
  void contractWithSeveralSignaturesForASingleSignatureModelHasItsFieldMismatchesListedToo() {
    Contract model =
        contract(signature("serving_default", List.of(floats("x", -1, 4)), List.of(floats("y", -1, 3))));
    Contract given =
        contract(
            signature("predict", List.of(f("x", DType.INT64, -1, 4)), List.of(floats("y", -1, 3))),
            signature("score", List.of(floats("x", -1, 4)), List.of(floats("z", -1))));
    ModelLoadException e =
        assertThrows(
            ModelLoadException.class, () -> ContractCheck.verify(EngineKind.PYTORCH, given, Optional.of(model)));
    assertEquals(
        "the contract does not match the model (3 problems): "
            + "1) a PyTorch model has one signature; the contract has [predict, score]; "
            + "2) signature 'predict' input 'x': contract dtype DT_INT64, model dtype DT_FLOAT; "
            + "3) signature 'score' output 'z' is not an output of the model (model outputs: [y])",
        e.getMessage());
  }

  @Test
  void aMissingLeadingBatchDimAndLooserSizesLoadWithOneWarningPerField() {
    Contract given =
        contract(
            signature(
                "serving_default",
                List.of(floats("x", 4), floats("a", 2, -1)),
                List.of(floats("sum", 1, 4), floats("diff", 4))));
    assertEquals(List.of(), ContractCheck.mismatches(EngineKind.TENSORFLOW, given, Optional.of(TWO_IN)));
    assertEquals(
        List.of(
            "signature 'serving_default' input 'x': contract shape [4] lacks the leading batch dim of model shape"
                + " [-1,4]; loaded as upstream Hydrosphere does (the engine is fed a leading 1)",
            "signature 'serving_default' input 'a': contract shape [2,-1] and model shape [-1,4] differ in sizes"
                + " known on one side only; loaded as upstream Hydrosphere does",
            "signature 'serving_default' output 'sum': contract shape [1,4] and model shape [-1,4] differ in sizes"
                + " known on one side only; loaded as upstream Hydrosphere does",
            "signature 'serving_default' output 'diff': contract shape [4] lacks the leading batch dim of model"
                + " shape [-1,4]; loaded as upstream Hydrosphere does (answers carry the contract's shape when it"
                + " is fully known)"),
        ContractCheck.tolerated(EngineKind.TENSORFLOW, given, Optional.of(TWO_IN)));
  }

  @Test
  void anEqualContractWarnsAboutNothing() {
    assertEquals(List.of(), ContractCheck.tolerated(EngineKind.TENSORFLOW, TWO_IN, Optional.of(TWO_IN)));
  }

  @Test
  void batchDimsThatDoNotLineUpAreStillConflicts() {
    Contract model =
        contract(signature("serving_default", List.of(floats("x", 2, 4)), List.of(floats("y", -1, 3))));
    Contract given =
        contract(signature("serving_default", List.of(floats("x", 4)), List.of(floats("y", 4))));
    assertEquals(
        List.of(
            "signature 'serving_default' input 'x': contract shape [4] has rank 1, model shape [2,4] has rank 2",
            "signature 'serving_default' output 'y': contract shape [4] has rank 1, model shape [-1,3] has rank 2"),
        ContractCheck.mismatches(EngineKind.ONNX_RUNTIME, given, Optional.of(model)));
    Contract extraDimInTheContract =
        contract(signature("serving_default", List.of(floats("x", -1, 2, 4)), List.of(floats("y", -1, 3))));
    assertEquals(
        List.of("signature 'serving_default' input 'x': contract shape [-1,2,4] has rank 3, model shape [2,4] has"
            + " rank 2"),
        ContractCheck.mismatches(EngineKind.ONNX_RUNTIME, extraDimInTheContract, Optional.of(model)));
  }

  /**
   * Upstream's own stateful LSTM example (hydro-serving-tensorflow test/models/lstm): its contract.protobin, the
   * real file, says data [-1,-1,24] and result [4]; its graph says [-1,1,24] and [-1,4] (docs/hydrosphere-upstream.md,
   * "Upstream's test models"). Upstream served it; so does modelrt, with a warning for each field.
   */
  @Test
  void upstreamsLstmContractLoadsAgainstItsGraphWithTwoWarnings() throws Exception {
    Contract given = ContractReader.read(TestModels.root().resolveSibling("contract-model")
        .resolve("src/test/resources/contracts/L2-lstm.protobin"));
    Contract graph = contract(signature("infer", List.of(floats("data", -1, 1, 24)), List.of(floats("result", -1, 4))));
    assertEquals(List.of(), ContractCheck.mismatches(EngineKind.TENSORFLOW, given, Optional.of(graph)));
    assertEquals(
        List.of(
            "signature 'infer' input 'data': contract shape [-1,-1,24] and model shape [-1,1,24] differ in sizes"
                + " known on one side only; loaded as upstream Hydrosphere does",
            "signature 'infer' output 'result': contract shape [4] lacks the leading batch dim of model shape"
                + " [-1,4]; loaded as upstream Hydrosphere does (answers carry the contract's shape when it is"
                + " fully known)"),
        ContractCheck.tolerated(EngineKind.TENSORFLOW, given, Optional.of(graph)));
  }
}
