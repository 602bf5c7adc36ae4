package org.modelrt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.modelrt.fixtures.TestModels;

/** Warmup runs every signature the configured number of times before the model is handed out. */
final class WarmupTest {

  private static long engineCallsAfterLoad(String fixture, int runs) throws ModelLoadException {
    EngineOptions options = Fixtures.OPTIONS.withWarmupRuns(runs);
    try (LoadedModel model = Fixtures.load(TestModels.dir(fixture), Optional.empty(), options)) {
      return ((DjlLoadedModel) model).engineCalls();
    }
  }

  @ParameterizedTest
  @CsvSource({"pt_linear, 3, 3", "onnx_twoin, 2, 2", "tf_multisig, 3, 6", "tf_string, 1, 1", "tf_int64, 0, 0"})
  void eachSignatureIsRunTheConfiguredNumberOfTimes(String fixture, int runs, long calls) throws Exception {
    assertEquals(calls, engineCallsAfterLoad(fixture, runs));
  }

  @Test
  void defaultOptionsLoadAndWarmUp() throws Exception {
    try (LoadedModel model = ModelLoader.load(TestModels.dir("onnx_linear"), EngineOptions.defaults())) {
      assertEquals(EngineOptions.defaults().warmupRuns(), ((DjlLoadedModel) model).engineCalls());
    }
  }
}
