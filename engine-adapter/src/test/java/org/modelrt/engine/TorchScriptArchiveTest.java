package org.modelrt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelrt.fixtures.TestModels;

/** Reading .pt archives as zips, before libtorch: the committed fixtures and hand-made broken files. */
final class TorchScriptArchiveTest {
  @TempDir Path dir;

  private static Path fixture(String name) {
    return TestModels.dir(name).resolve("files/model.pt");
  }

  @Test
  void scriptedModuleForwardParametersAreReadFromItsCode() throws Exception {
    TorchScriptArchive archive = TorchScriptArchive.read(fixture("pt_twoin"));
    assertEquals(List.of("x", "a"), archive.forward().orElseThrow().names());
  }

  @Test
  void rootModuleInASubmoduleFileIsFound() throws Exception {
    TorchScriptArchive archive = TorchScriptArchive.read(fixture("pt_linear"));
    assertEquals("forward(x: Tensor)", archive.forward().orElseThrow().toString());
  }

  @Test
  void forwardReturnAnnotationIsReadFromTracedAndScriptedArchives() throws Exception {
    assertEquals(
        Optional.of("Tensor"), TorchScriptArchive.read(fixture("pt_linear")).forward().orElseThrow().returns());
    assertEquals(
        Optional.of("Tuple[Tensor, Tensor]"),
        TorchScriptArchive.read(fixture("pt_multiout")).forward().orElseThrow().returns());
  }

  @Test
  void signatureJsonExtraFileIsRead() throws Exception {
    String json = TorchScriptArchive.read(fixture("pt_multiout")).signatureJson().orElseThrow();
    assertTrue(json.contains("\"sum\"") && json.contains("\"diff\""), json);
  }

  @Test
  void archiveWithoutSignatureJsonSaysSo() throws Exception {
    assertEquals(Optional.empty(), TorchScriptArchive.read(fixture("pt_nosig")).signatureJson());
  }

  @Test
  void pickledEagerModelIsRefusedWithTheExportHint() {
    ModelLoadException e = assertThrows(ModelLoadException.class, () -> TorchScriptArchive.read(fixture("pt_eager")));
    assertTrue(e.getMessage().contains("pickled eager PyTorch model (torch.save), not TorchScript"), e.getMessage());
    assertTrue(e.getMessage().contains("export it with torch.jit.save"), e.getMessage());
  }

  @Test
  void zipWithDataPklButNoCodeIsAnEagerModelAndGetsTheExportHint() throws Exception {
    Path file = zip("eager.pt", "net/data.pkl", "net/data/0", "net/version");
    ModelLoadException e = assertThrows(ModelLoadException.class, () -> TorchScriptArchive.read(file));
    assertEquals(
        file + " is a pickled eager PyTorch model (torch.save), not TorchScript: export it with"
            + " torch.jit.save(torch.jit.script(model), path) or torch.jit.save(torch.jit.trace(model, example),"
            + " path)",
        e.getMessage());
  }

  @Test
  void zipWithoutDataPklIsNotCalledAPyTorchModel() throws Exception {
    Path file = zip("weights.pt", "export/weights.bin", "export/config.json");
    ModelLoadException e = assertThrows(ModelLoadException.class, () -> TorchScriptArchive.read(file));
    assertEquals(
        file + " is not a TorchScript archive: a zip without export/data.pkl, export/constants.pkl or export/code/;"
            + " it holds [export/weights.bin, export/config.json]",
        e.getMessage());
  }

  @Test
  void longListingOfAForeignZipIsCut() throws Exception {
    Path file = zip("many.pt", "a", "b", "c", "d", "e", "f", "g");
    ModelLoadException e = assertThrows(ModelLoadException.class, () -> TorchScriptArchive.read(file));
    assertTrue(e.getMessage().endsWith("it holds [a, b, c, d, e, ... 7 in all]"), e.getMessage());
  }

  /** A zip of empty entries, written here rather than committed. */
  private Path zip(String name, String... entries) throws IOException {
    Path file = dir.resolve(name);
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      for (String entry : entries) {
        zip.putNextEntry(new ZipEntry(entry));
        zip.closeEntry();
      }
    }
    return file;
  }

  @Test
  void legacyPickleIsRefusedWithTheExportHint() throws Exception {
    Path file = Files.write(dir.resolve("old.pt"), new byte[] {(byte) 0x80, 0x02, 'c', 't', 'o', 'r', 'c', 'h'});
    ModelLoadException e = assertThrows(ModelLoadException.class, () -> TorchScriptArchive.read(file));
    assertTrue(e.getMessage().contains("legacy torch.save format"), e.getMessage());
    assertTrue(e.getMessage().contains("export it with torch.jit.save"), e.getMessage());
  }

  @Test
  void fileThatIsNotAZipIsCalledCorrupt() throws Exception {
    Path file = Files.writeString(dir.resolve("model.pt"), "not a model");
    ModelLoadException e = assertThrows(ModelLoadException.class, () -> TorchScriptArchive.read(file));
    assertEquals(
        file + " is not a TorchScript archive (not a zip file; corrupt or another format)", e.getMessage());
  }
}
