package org.modelrt.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.modelrt.contract.Signature;
import org.modelrt.engine.EngineOptions;
import org.modelrt.engine.InputRefusedException;
import org.modelrt.engine.LoadedModel;
import org.modelrt.engine.ModelLoader;
import org.modelrt.fixtures.TestModels;
import org.slf4j.LoggerFactory;

/**
 * Inputs a real engine refuses are the caller's error: INVALID_ARGUMENT naming the input, its shape and the model's,
 * with the engine's reason on one bounded line, and one DEBUG line in the log, no stack trace; the engine failures
 * that are ours stay INTERNAL, logged at ERROR with the trace. A linear model (x: [-1,4]) is fed what TF Serving mode
 * leaves to the engine.
 */
final class RefusedInputsTest {
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger failureLog = (Logger) LoggerFactory.getLogger(ServingFailures.class);
  private Level level;

  @BeforeEach
  void captureTheLog() {
    level = failureLog.getLevel();
    failureLog.setLevel(Level.DEBUG);
    log.start();
    failureLog.addAppender(log);
  }

  @AfterEach
  void releaseTheLog() {
    failureLog.detachAppender(log);
    failureLog.setLevel(level);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "tf_linear   | Matrix size-incompatible: In[0]: [2,5], In[1]: [4,3]",
      "onnx_linear | Got invalid dimensions for input: x for the following indices index: 1 Got: 5 Expected: 4 Please "
          + "fix either the inputs/outputs or the model.",
      "pt_linear   | RuntimeError: mat1 and mat2 shapes cannot be multiplied (2x5 and 4x3)"})
  void aWrongShape_isInvalidArgument_namingTheInputAndBothShapes_withOneDebugLine(String model, String reason)
      throws Exception {
    ServingException e = classify(model, scope -> scope.ones(new Shape(2, 5)));

    assertEquals(ServingException.Code.INVALID_ARGUMENT, e.code());
    assertEquals("the model refused input 'x' of shape [2,5] (the model declares [-1,4]): " + reason,
        e.getMessage());
    assertEquals(1, log.list.size(), log.list.toString());
    ILoggingEvent line = log.list.get(0);
    assertEquals(Level.DEBUG, line.getLevel());
    assertNull(line.getThrowableProxy(), "a stack trace logged for the caller's error");
    assertEquals("G2 Predict: " + e.getMessage(), line.getFormattedMessage());
  }

  @Test
  void aForgedRank_isQuotedBounded() throws Exception {
    long[] dims = new long[500];
    java.util.Arrays.fill(dims, 1);

    ServingException e = classify("onnx_linear", scope -> scope.ones(new Shape(dims)));

    assertEquals(ServingException.Code.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().startsWith("the model refused input 'x' of shape [1,1,1,"), e.getMessage());
    assertTrue(e.getMessage().contains("... (1001 chars) (the model declares [-1,4]): Invalid rank for input: x "
        + "Got: 500 Expected: 2"), e.getMessage());
    assertTrue(e.getMessage().getBytes(StandardCharsets.UTF_8).length < 1024, e.getMessage());
  }

  @Test
  void aLongEngineReason_isCut_andANamelessRefusalSaysTheInputs() {
    String reason = "Traceback (most recent call last):\n  File \"m.py\", line 1\nRuntimeError: " + "x".repeat(5000);

    ServingException e = ServingFailures.classify(
        new InputRefusedException("the engine failed", null, null, reason), "G2 Predict");

    assertEquals(ServingException.Code.INVALID_ARGUMENT, e.code());
    String prefix = "the model refused the inputs: RuntimeError: ";
    assertEquals(prefix + "x".repeat(ServingFailures.MAX_REASON_CHARS - "RuntimeError: ".length()) + "...",
        e.getMessage());
  }

  @Test
  void torchScriptFailingOnTheDeclaredShape_staysInternal_loggedAtErrorWithTheTrace() throws Exception {
    ServingException e = classify("pt_linear", scope -> scope.ones(new Shape(2, 4), DataType.INT64));

    assertEquals(ServingException.Code.INTERNAL, e.code());
    assertTrue(e.getMessage().startsWith("inference failed: "), e.getMessage());
    List<ILoggingEvent> errors = log.list.stream().filter(l -> l.getLevel() == Level.ERROR).toList();
    assertEquals(1, errors.size(), log.list.toString());
    assertNotNull(errors.get(0).getThrowableProxy(), "our fault is logged with its trace");
  }

  /** What the failure of the model's default signature on x made by {@code x} answers; then a good call runs. */
  private static ServingException classify(String model, Function<NDManager, NDArray> x) throws Exception {
    try (LoadedModel loaded = ModelLoader.load(TestModels.dir(model),
        EngineOptions.defaults().withPredictors(1).withWarmupRuns(1))) {
      Signature signature = loaded.contract().defaultSignature().orElseThrow();
      ServingException e;
      try (NDManager scope = loaded.newRequestScope()) {
        NDArray bad = x.apply(scope);
        bad.setName("x");
        e = ServingFailures.classify(
            assertThrows(RuntimeException.class, () -> loaded.predict(signature, new NDList(bad))), "G2 Predict");
      }
      assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("Exception"), e.getMessage());
      try (NDManager scope = loaded.newRequestScope()) {
        NDArray good = scope.ones(new Shape(1, 4));
        good.setName("x");
        assertEquals(new Shape(1, 3), loaded.predict(signature, new NDList(good)).get(0).getShape());
      }
      return e;
    }
  }
}
