package org.modelrt.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.modelrt.contract.Signature;
import org.modelrt.engine.EngineOptions;
import org.modelrt.engine.InferenceException;
import org.modelrt.engine.LoadedModel;
import org.modelrt.engine.ModelLoader;
import org.modelrt.fixtures.TestModels;

/**
 * An engine's failure reaches the client as one line keeping the engine's reason: checked on the messages the real
 * engines give when a linear model (4 inputs to 3 outputs) is fed 2 rows of 5, past the validation that would refuse
 * it.
 */
final class EngineMessagesTest {
  private static final String PREFIX = "signature 'serving_default': the engine failed: ";

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "pt_linear   | RuntimeError: mat1 and mat2 shapes cannot be multiplied (2x5 and 4x3)",
      "tf_linear   | Matrix size-incompatible: In[0]: [2,5], In[1]: [4,3]",
      "onnx_linear | Got invalid dimensions for input: x for the following indices index: 1 Got: 5 Expected: 4"})
  void aRealEngineFailure_becomesOneLine_keepingTheEnginesReasonOnce(String model, String reason) throws Exception {
    String message = engineFailure(model);
    assertTrue(message.contains("\n"), "the engine's own message spans lines: " + message);

    String summary = EngineMessages.summary(message);

    assertFalse(summary.contains("\n") || summary.contains("\r"), "a newline in: " + summary);
    assertFalse(summary.contains("Traceback"), "a traceback in: " + summary);
    assertFalse(summary.contains("{{node"), "node context in: " + summary);
    assertTrue(summary.startsWith(PREFIX), "expected the prefix '" + PREFIX + "', received: " + summary);
    assertEquals(1, occurrences(summary, reason), "expected '" + reason + "' once, received: " + summary);
  }

  @Test
  void torchScript_keepsTheErrorLineBelowTheTraceback() {
    String message = PREFIX + "ai.djl.engine.EngineException: " + """
        The following operation failed in the TorchScript interpreter.
        Traceback of TorchScript (most recent call last):
          File "code/__torch__/torch/nn/modules/linear.py", line 12, in forward
            return torch.linear(x, weight, bias)
                   ~~~~~~~~~~~~ <--- HERE
        RuntimeError: mat1 and mat2 shapes cannot be multiplied (2x5 and 4x3)
        """;

    assertEquals(PREFIX + "RuntimeError: mat1 and mat2 shapes cannot be multiplied (2x5 and 4x3)",
        EngineMessages.summary(message));
  }

  @Test
  void tensorFlow_dropsTheNodeContext_andTheRepeatedRootCause() {
    String reason = "Matrix size-incompatible: In[0]: [2,5], In[1]: [4,3]\n\t [[{{function_node f}}{{node y}}]]";
    String message = PREFIX + "org.tensorflow.exceptions.TFInvalidArgumentException: " + reason + " (" + reason + ")";

    assertEquals(PREFIX + "Matrix size-incompatible: In[0]: [2,5], In[1]: [4,3]", EngineMessages.summary(message));
  }

  @Test
  void aOneLineMessage_isKeptAsIs_andNullIsEmpty() {
    assertEquals("the fake engine failed on purpose: deep inside the engine (at step 2)",
        EngineMessages.summary("the fake engine failed on purpose: deep inside the engine (at step 2)"));
    assertEquals("", EngineMessages.summary(null));
  }

  /** The message of the InferenceException the model throws for a [2,5] float input. */
  private static String engineFailure(String model) throws Exception {
    try (LoadedModel loaded = ModelLoader.load(TestModels.dir(model),
        EngineOptions.defaults().withPredictors(1).withWarmupRuns(1))) {
      Signature signature = loaded.contract().defaultSignature().orElseThrow();
      try (NDManager scope = loaded.newRequestScope()) {
        NDArray x = scope.ones(new Shape(2, 5));
        x.setName(signature.inputs().get(0).name());
        return assertThrows(InferenceException.class, () -> loaded.predict(signature, new NDList(x))).getMessage();
      }
    }
  }

  private static int occurrences(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }
}
