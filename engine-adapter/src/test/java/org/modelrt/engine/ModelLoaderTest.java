package org.modelrt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelrt.contract.Signature;
import org.modelrt.fixtures.ExpectedFile;
import org.modelrt.fixtures.FixtureCase;
import org.modelrt.fixtures.TestModels;

/** Model directory layouts, the engine setting, and preparing the engines for an image. */
final class ModelLoaderTest {
  @TempDir Path dir;

  private static void assertServesCases(LoadedModel model, String fixture) {
    ExpectedFile expected = TestModels.expected(fixture);
    Signature signature = model.contract().defaultSignature().orElseThrow();
    for (FixtureCase c : expected.cases()) {
      Fixtures.assertCase(model, signature, c, expected.tolerance(), fixture + " from " + model.engine());
    }
  }

  @Test
  void directoryHoldingTheModelFilesDirectlyLoads() throws Exception {
    TestModels.copyFiles("tf_linear", dir);
    assertTrue(Files.isRegularFile(dir.resolve("saved_model.pb")));
    try (LoadedModel model = Fixtures.load(dir, Optional.empty(), Fixtures.OPTIONS)) {
      assertEquals(EngineKind.TENSORFLOW, model.engine());
      assertServesCases(model, "tf_linear");
    }
  }

  @Test
  void engineSettingPicksAmongSeveralCandidates() throws Exception {
    Files.copy(TestModels.dir("onnx_linear").resolve("files/model.onnx"), dir.resolve("model.onnx"));
    Files.copy(TestModels.dir("pt_linear").resolve("files/model.pt"), dir.resolve("model.pt"));
    assertThrows(ModelLoadException.class, () -> Fixtures.load(dir, Optional.empty(), Fixtures.OPTIONS));
    try (LoadedModel model =
        Fixtures.load(dir, Optional.empty(), Fixtures.OPTIONS.withEngine(EngineKind.ONNX_RUNTIME))) {
      assertEquals(EngineKind.ONNX_RUNTIME, model.engine());
      assertServesCases(model, "onnx_linear");
    }
    try (LoadedModel model = Fixtures.load(dir, Optional.empty(), Fixtures.OPTIONS.withEngine(EngineKind.PYTORCH))) {
      assertEquals(EngineKind.PYTORCH, model.engine());
      assertServesCases(model, "pt_linear");
    }
  }

  @Test
  void engineSettingLoadsAModelFileWithoutTheEnginesSuffix() throws Exception {
    Files.copy(TestModels.dir("pt_linear").resolve("files/model.pt"), dir.resolve("model.bin"));
    assertThrows(ModelLoadException.class, () -> Fixtures.load(dir, Optional.empty(), Fixtures.OPTIONS));
    try (LoadedModel model = Fixtures.load(dir, Optional.empty(), Fixtures.OPTIONS.withEngine(EngineKind.PYTORCH))) {
      assertEquals(EngineKind.PYTORCH, model.engine());
      assertServesCases(model, "pt_linear");
    }
  }

  @Test
  void prepareEnginesStartsEveryEngineWithTheNativesFromMavenCentral() throws Exception {
    ModelLoader.prepareEngines();
    assertEquals("2.7.1", Engine.getEngine("PyTorch").getVersion());
    assertEquals("2.16.1", Engine.getEngine("TensorFlow").getVersion());
    assertEquals("1.21.1", Engine.getEngine("OnnxRuntime").getVersion());
  }
}
