package org.modelrt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Thread counts and option validation. */
final class EngineThreadsTest {
  private static final int CORES = Runtime.getRuntime().availableProcessors();

  @Test
  void severalPredictorsGetOneThreadEachByDefault() {
    EngineOptions options = EngineOptions.defaults().withPredictors(4);
    assertEquals(new EngineThreads(1, 1), EngineThreads.resolve(EngineKind.ONNX_RUNTIME, options));
  }

  @Test
  void aSinglePredictorMayUseEveryCoreIntraOp() {
    EngineOptions options = EngineOptions.defaults().withPredictors(1);
    assertEquals(new EngineThreads(CORES, 1), EngineThreads.resolve(EngineKind.ONNX_RUNTIME, options));
  }

  @Test
  void theUsersEnginePropertyReplacesTheDefaultAndExplicitCountsWinOverIt() {
    Map<String, Integer> given = Map.of(EngineThreads.intraProperty(EngineKind.ONNX_RUNTIME), 3);
    EngineOptions options = EngineOptions.defaults().withPredictors(2);
    assertEquals(new EngineThreads(3, 1), EngineThreads.resolve(EngineKind.ONNX_RUNTIME, options, given));
    assertEquals(new EngineThreads(1, 1), EngineThreads.resolve(EngineKind.TENSORFLOW, options, given));
    assertEquals(
        new EngineThreads(5, 2), EngineThreads.resolve(EngineKind.ONNX_RUNTIME, options.withThreads(5, 2), given));
  }

  @Test
  void optionsRefuseNonsense() {
    EngineOptions defaults = EngineOptions.defaults();
    assertThrows(IllegalArgumentException.class, () -> defaults.withPredictors(0));
    assertThrows(IllegalArgumentException.class, () -> defaults.withThreads(-1, 0));
    assertThrows(IllegalArgumentException.class, () -> defaults.withWarmupRuns(-1));
    assertThrows(IllegalArgumentException.class, () -> defaults.withBorrowTimeout(java.time.Duration.ofSeconds(-1)));
  }
}
