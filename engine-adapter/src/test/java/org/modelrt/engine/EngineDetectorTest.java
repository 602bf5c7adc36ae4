package org.modelrt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Engine detection from file names alone: no natives are touched. */
final class EngineDetectorTest {
  @TempDir Path dir;

  private Path touch(String relative) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    return Files.write(file, new byte[] {1});
  }

  private ModelFiles detect() throws ModelLoadException {
    return EngineDetector.detect(dir, Optional.empty());
  }

  @Test
  void savedModelAtTheTopOfFilesIsTensorFlow() throws Exception {
    touch("files/saved_model.pb");
    touch("contract.protobin");
    assertEquals(new ModelFiles(EngineKind.TENSORFLOW, dir.resolve("files"), "saved_model.pb"), detect());
  }

  @Test
  void savedModelOneFolderDownIsTensorFlowInThatFolder() throws Exception {
    touch("files/1/saved_model.pbtxt");
    touch("files/1/variables/variables.index");
    assertEquals(new ModelFiles(EngineKind.TENSORFLOW, dir.resolve("files/1"), "saved_model.pbtxt"), detect());
  }

  @Test
  void everyTorchScriptSuffixIsPyTorch() throws Exception {
    for (String name : new String[] {"m.pt", "m.pth", "m.torchscript"}) {
      Path file = touch("case-" + name + "/" + name);
      ModelFiles found = EngineDetector.detect(file.getParent(), Optional.empty());
      assertEquals(new ModelFiles(EngineKind.PYTORCH, file, name), found);
    }
  }

  @Test
  void onnxFileDirectlyInTheDirectoryIsOnnxRuntime() throws Exception {
    Path model = touch("model.onnx");
    assertEquals(new ModelFiles(EngineKind.ONNX_RUNTIME, model, "model.onnx"), detect());
  }

  @Test
  void filesFolderIsPreferredOverTheDirectoryItself() throws Exception {
    touch("stray.onnx");
    Path model = touch("files/model.pt");
    assertEquals(EngineKind.PYTORCH, detect().engine());
    assertEquals(model, detect().path());
  }

  @Test
  void hiddenFilesAndUnrelatedFilesAreIgnored() throws Exception {
    touch(".model.onnx");
    touch("README.md");
    Path model = touch("net.pt");
    assertEquals(model, detect().path());
  }

  @Test
  void noCandidateListsWhatWasFound() throws Exception {
    touch("files/weights.bin");
    touch("files/sub/readme.txt");
    ModelLoadException e = assertThrows(ModelLoadException.class, this::detect);
    assertTrue(e.getMessage().startsWith("no model in " + dir.resolve("files")), e.getMessage());
    assertTrue(e.getMessage().contains("saved_model.pb or saved_model.pbtxt"), e.getMessage());
    assertTrue(e.getMessage().contains("found [sub/, weights.bin]"), e.getMessage());
  }

  @Test
  void emptyDirectoryIsSaidToBeEmpty() {
    ModelLoadException e = assertThrows(ModelLoadException.class, this::detect);
    assertTrue(e.getMessage().endsWith("found an empty directory"), e.getMessage());
  }

  @Test
  void severalCandidatesAreAllNamedWithTheirEngines() throws Exception {
    touch("files/model.onnx");
    touch("files/model.pt");
    touch("files/export/saved_model.pb");
    ModelLoadException e = assertThrows(ModelLoadException.class, this::detect);
    assertEquals(
        "several model candidates in " + dir.resolve("files") + ": export/saved_model.pb (TensorFlow),"
            + " model.onnx (OnnxRuntime), model.pt (PyTorch); keep one, or name the engine to use",
        e.getMessage());
  }

  @Test
  void explicitEngineChoosesAmongCandidates() throws Exception {
    touch("model.onnx");
    Path pt = touch("model.pt");
    assertEquals(pt, EngineDetector.detect(dir, Optional.of(EngineKind.PYTORCH)).path());
  }

  @Test
  void explicitEngineWithoutItsFilesNamesTheEngine() throws Exception {
    touch("model.onnx");
    ModelLoadException e =
        assertThrows(ModelLoadException.class, () -> EngineDetector.detect(dir, Optional.of(EngineKind.TENSORFLOW)));
    assertTrue(e.getMessage().startsWith("no TensorFlow model in " + dir), e.getMessage());
    assertTrue(e.getMessage().contains("found [model.onnx]"), e.getMessage());
  }

  @Test
  void explicitEngineWithTwoOfItsFilesIsAmbiguous() throws Exception {
    touch("a.onnx");
    touch("b.onnx");
    ModelLoadException e =
        assertThrows(
            ModelLoadException.class, () -> EngineDetector.detect(dir, Optional.of(EngineKind.ONNX_RUNTIME)));
    assertTrue(e.getMessage().contains("a.onnx (OnnxRuntime), b.onnx (OnnxRuntime)"), e.getMessage());
  }

  @Test
  void explicitEngineTakesTheSingleFileWhateverItsName() throws Exception {
    touch("contract.protobin");
    Path bin = touch("files/model.bin");
    assertEquals(
        new ModelFiles(EngineKind.PYTORCH, bin, "model.bin"),
        EngineDetector.detect(dir, Optional.of(EngineKind.PYTORCH)));
  }

  @Test
  void explicitEngineOnAPlainDirectoryLeavesContractAndDotFilesAside() throws Exception {
    touch("contract.prototxt");
    touch(".DS_Store");
    touch("sub/notes.txt");
    Path model = touch("graph");
    assertEquals(
        new ModelFiles(EngineKind.ONNX_RUNTIME, model, "graph"),
        EngineDetector.detect(dir, Optional.of(EngineKind.ONNX_RUNTIME)));
  }

  @Test
  void explicitEngineWithSeveralUnsuffixedFilesListsThem() throws Exception {
    touch("files/a.bin");
    touch("files/b.bin");
    ModelLoadException e =
        assertThrows(ModelLoadException.class, () -> EngineDetector.detect(dir, Optional.of(EngineKind.PYTORCH)));
    assertEquals(
        "several files in " + dir.resolve("files") + " could be the PyTorch model (none is named *.pt, *.pth or"
            + " *.torchscript): a.bin, b.bin; keep one, or give it the suffix",
        e.getMessage());
  }

  @Test
  void explicitEngineWithNoFileAtAllSaysWhatItLookedFor() throws Exception {
    touch("files/sub/model.bin");
    ModelLoadException e =
        assertThrows(
            ModelLoadException.class, () -> EngineDetector.detect(dir, Optional.of(EngineKind.ONNX_RUNTIME)));
    assertEquals(
        "no OnnxRuntime model in " + dir.resolve("files") + ": looked for *.onnx, else any single file; found [sub/]",
        e.getMessage());
  }

  @Test
  void withoutAnEngineAnUnsuffixedFileIsNoModel() throws Exception {
    touch("model.bin");
    ModelLoadException e = assertThrows(ModelLoadException.class, this::detect);
    assertTrue(e.getMessage().startsWith("no model in " + dir), e.getMessage());
  }

  @Test
  void missingDirectoryIsReported() {
    Path missing = dir.resolve("nope");
    ModelLoadException e =
        assertThrows(ModelLoadException.class, () -> EngineDetector.detect(missing, Optional.empty()));
    assertEquals("model directory " + missing + " does not exist", e.getMessage());
  }
}
