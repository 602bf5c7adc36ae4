package org.modelrt.engine;

import static org.modelrt.engine.Contracts.floats;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.modelrt.contract.Contract;
import org.modelrt.contract.Field;
import org.modelrt.contract.Signature;
import org.modelrt.fixtures.ExpectedFile;
import org.modelrt.fixtures.FixtureCase;
import org.modelrt.fixtures.TestModels;

/**
 * Inputs reach the right model argument and outputs come back under the right name, whatever order the contract lists
 * them in. Each two-input model computes x - 2a (and x + a), so an input bound to the wrong argument, e.g. by sorted
 * name or by contract position, gives a wrong value, and a mislabelled output gives the other output's values.
 */
final class BindingTest {

  /** The model's own (derived) signature. */
  private static Signature ownSignature(String fixture) throws ModelLoadException {
    try (LoadedModel model = Fixtures.load(fixture)) {
      return model.contract().defaultSignature().orElseThrow();
    }
  }

  private static void assertServes(String fixture, Signature signature) throws ModelLoadException {
    ExpectedFile expected = TestModels.expected(fixture);
    try (LoadedModel model = Fixtures.load(fixture, Optional.of(new Contract("", List.of(signature))))) {
      for (FixtureCase c : expected.cases()) {
        Fixtures.assertCase(model, signature, c, expected.tolerance(), fixture + " " + signature);
      }
    }
  }

  private static List<Field> reversed(List<Field> fields) {
    List<Field> copy = new ArrayList<>(fields);
    Collections.reverse(copy);
    return copy;
  }

  @ParameterizedTest
  @ValueSource(strings = {"pt_twoin", "onnx_twoin", "tf_twoin", "pt_multiout", "onnx_multiout"})
  void inputsBindToTheModelsArgumentsWhateverTheContractOrder(String fixture) throws Exception {
    Signature own = ownSignature(fixture);
    assertServes(fixture, new Signature(own.name(), reversed(own.inputs()), own.outputs()));
    assertServes(fixture, own);
  }

  @Test
  void torchScriptWithoutSignatureServesThroughAGivenContract() throws Exception {
    Signature given = new Signature("predict", List.of(floats("x", -1, 4)), List.of(floats("y", -1, 3)));
    assertServes("pt_nosig", given);
  }

  @Test
  void torchScriptInputsNamedUnlikeForwardBindInContractOrder() throws Exception {
    Signature given = new Signature("predict", List.of(floats("features", -1, 4)), List.of(floats("scores", -1, 3)));
    ExpectedFile expected = TestModels.expected("pt_nosig");
    try (LoadedModel model = Fixtures.load("pt_nosig", Optional.of(new Contract("", List.of(given))))) {
      for (FixtureCase c : expected.cases()) {
        FixtureCase renamed =
            new FixtureCase("predict", Map.of("features", c.inputs().get("x")), Map.of("scores", c.outputs().get("y")));
        Fixtures.assertCase(model, given, renamed, expected.tolerance(), "pt_nosig as features -> scores");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"pt_multiout", "onnx_multiout", "tf_twoin"})
  void outputsComeInTheContractsOrderAndOnlyThoseItLists(String fixture) throws Exception {
    Signature own = ownSignature(fixture);
    assertServes(fixture, new Signature(own.name(), own.inputs(), reversed(own.outputs())));
    assertServes(fixture, new Signature(own.name(), own.inputs(), List.of(own.outputs().get(1))));
  }
}
