package org.modelrt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.modelrt.contract.Signature;

/**
 * What the real engines throw when a linear model (x: [-1,4]) is fed what it cannot take, past the validation that
 * TF Serving mode leaves to the engine, and how {@link InputRefusals} reads it (docs/engines.md, "Inputs the engine
 * refuses").
 */
final class InputRefusalsTest {

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
      "tf_linear   | 2,5   | Matrix size-incompatible: In[0]: [2,5], In[1]: [4,3]",
      "tf_linear   | 5     | In[0] is not a matrix",
      "onnx_linear | 2,5   | Got invalid dimensions for input: x for the following indices",
      "onnx_linear | 2,4,1 | Invalid rank for input: x Got: 3 Expected: 2",
      "pt_linear   | 2,5   | RuntimeError: mat1 and mat2 shapes cannot be multiplied (2x5 and 4x3)",
      "pt_linear   | 2,4,1 | RuntimeError: mat1 and mat2 shapes cannot be multiplied (8x1 and 4x3)"})
  void aWrongShape_isRefused_namingTheInputAndBothShapes_withTheEnginesReason(String model, String dims,
      String reason) throws Exception {
    long[] shape = java.util.Arrays.stream(dims.split(",")).mapToLong(Long::parseLong).toArray();

    InferenceException failure = failure(model, scope -> scope.ones(new Shape(shape)));

    InputRefusedException refused = assertInstanceOf(InputRefusedException.class, failure, failure.toString());
    InputRefusedException.Offender offender = refused.offender().orElseThrow();
    assertEquals("x", offender.input());
    assertEquals("[" + dims + "]", offender.received());
    assertEquals("[-1,4]", offender.declared());
    assertTrue(refused.reason().contains(reason), "expected '" + reason + "' in: " + refused.reason());
    assertFalse(refused.reason().startsWith("Error code"), "ONNX Runtime's code prefix kept: " + refused.reason());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"tf_linear", "onnx_linear"})
  void anEngineWithStatusCodes_refusesAWrongDtypeOfTheRightShape_namingNoInputOfItsOwn(String model)
      throws Exception {
    InferenceException failure = failure(model, scope -> scope.ones(new Shape(2, 4), DataType.INT64));

    InputRefusedException refused = assertInstanceOf(InputRefusedException.class, failure, failure.toString());
    assertTrue(refused.offender().isEmpty(), "the shape is the declared one: " + refused.offender());
  }

  @org.junit.jupiter.api.Test
  void torchScript_failingOnTheDeclaredShape_isOurs_forItCannotBeToldFromAModelsBug() throws Exception {
    InferenceException failure = failure("pt_linear", scope -> scope.ones(new Shape(2, 4), DataType.INT64));

    assertFalse(failure instanceof InputRefusedException, failure.toString());
    assertTrue(failure.getMessage().contains("RuntimeError"), failure.getMessage());
  }

  /** What predict throws for x made by {@code x}; the model keeps serving a good call afterwards. */
  private static InferenceException failure(String model, Function<NDManager, NDArray> x) throws Exception {
    try (LoadedModel loaded = Fixtures.load(model)) {
      Signature signature = loaded.contract().defaultSignature().orElseThrow();
      InferenceException failure;
      try (NDManager scope = loaded.newRequestScope()) {
        NDArray bad = x.apply(scope);
        bad.setName("x");
        failure = assertThrows(InferenceException.class, () -> loaded.predict(signature, new NDList(bad)));
      }
      try (NDManager scope = loaded.newRequestScope()) {
        NDArray good = scope.ones(new Shape(1, 4));
        good.setName("x");
        assertEquals(new Shape(1, 3), loaded.predict(signature, new NDList(good)).get(0).getShape(), model);
      }
      return failure;
    }
  }
}
