package org.modelrt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.modelrt.contract.Signature;
import org.modelrt.fixtures.ExpectedFile;
import org.modelrt.fixtures.FixtureCase;
import org.modelrt.fixtures.TestModels;

/**
 * Every committed test model on its real engine, against the expected.json its generating script computed: models that
 * must serve reproduce every case through a derived contract; models that must be refused fail to load with the
 * reason the file names.
 */
final class FixtureModelsTest {

  static Stream<String> servedFixtures() {
    return TestModels.names().stream().filter(n -> TestModels.expected(n).loadErrorContains() == null);
  }

  static Stream<String> refusedFixtures() {
    return TestModels.names().stream().filter(n -> TestModels.expected(n).loadErrorContains() != null);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servedFixtures")
  void fixtureReproducesEveryExpectedCase(String name) throws Exception {
    ExpectedFile expected = TestModels.expected(name);
    try (LoadedModel model = Fixtures.load(name)) {
      // fixtures are named engine_what, except TF Serving's half_plus_two, which keeps its quickstart name
      String engine = name.equals("half_plus_two") ? "tf" : name.substring(0, name.indexOf('_'));
      assertEquals(engine, prefix(model.engine()), name + " engine");
      for (FixtureCase c : expected.cases()) {
        Signature signature = model.contract().signature(expected.signatureOf(c)).orElseThrow();
        assertEquals(signature.outputNames().stream().sorted().toList(),
            c.outputs().keySet().stream().sorted().toList(), name + " outputs of " + signature.name());
        Fixtures.assertCase(model, signature, c, expected.tolerance(), name + " " + signature.name());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedFixtures")
  void fixtureIsRefusedWithTheExpectedReason(String name) {
    String reason = TestModels.expected(name).loadErrorContains();
    ModelLoadException e = assertThrows(ModelLoadException.class, () -> Fixtures.load(name).close());
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servedFixtures")
  void derivedContractListsTheSignaturesTheCasesUse(String name) throws Exception {
    ExpectedFile expected = TestModels.expected(name);
    List<String> used = expected.cases().stream().map(expected::signatureOf).distinct().toList();
    try (LoadedModel model = Fixtures.load(name)) {
      assertEquals(used.stream().sorted().toList(),
          model.contract().signatures().stream().map(Signature::name).sorted().toList());
    }
  }

  private static String prefix(EngineKind kind) {
    return switch (kind) {
      case TENSORFLOW -> "tf";
      case PYTORCH -> "pt";
      case ONNX_RUNTIME -> "onnx";
    };
  }
}
