package org.modelrt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.modelrt.engine.Contracts.contract;
import static org.modelrt.engine.Contracts.f;
import static org.modelrt.engine.Contracts.floats;
import static org.modelrt.engine.Contracts.signature;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelrt.contract.Contract;
import org.modelrt.contract.DType;
import org.modelrt.contract.Field;
import org.modelrt.contract.Shape;
import org.modelrt.fixtures.TestModels;

/** Loads that must fail, each with a reason a person can act on. */
final class LoadFailureTest {
  @TempDir Path dir;

  private static final EngineOptions NO_WARMUP = Fixtures.OPTIONS.withWarmupRuns(0);

  private ModelLoadException refused(Path modelDir, Optional<Contract> contract) {
    return refused(modelDir, contract, Fixtures.OPTIONS);
  }

  private ModelLoadException refused(Path modelDir, Optional<Contract> contract, EngineOptions options) {
    return assertThrows(ModelLoadException.class, () -> Fixtures.load(modelDir, contract, options).close());
  }

  private ModelLoadException refused(String fixture, Contract contract) {
    return refused(TestModels.dir(fixture), Optional.of(contract));
  }

  private static void assertContains(ModelLoadException e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "'" + part + "' not in: " + e.getMessage());
    }
  }

  @Test
  void corruptOnnxFileIsReportedWithItsPath() throws IOException {
    Path model = Files.writeString(dir.resolve("model.onnx"), "garbage, not protobuf");
    assertContains(refused(dir, Optional.empty()), "cannot load the ONNX model " + model);
  }

  @Test
  void corruptSavedModelIsReportedWithItsDirectory() throws IOException {
    Files.writeString(dir.resolve("saved_model.pb"), "garbage, not protobuf");
    assertContains(refused(dir, Optional.empty()), "cannot load the SavedModel in " + dir + " (tag 'serve')");
  }

  @Test
  void savedModelWithVariablesButNoVariablesIndexNamesTheMissingFile() throws IOException {
    Path source = TestModels.dir("tf_linear").resolve("files");
    Files.copy(source.resolve("saved_model.pb"), dir.resolve("saved_model.pb"));
    Files.createDirectories(dir.resolve("variables"));
    Files.copy(source.resolve("variables/variables.data-00000-of-00001"),
        dir.resolve("variables/variables.data-00000-of-00001"));
    ModelLoadException e = refused(dir, Optional.empty());
    assertContains(e, "cannot load the SavedModel in " + dir + ": its graph has 2 variable(s) (",
        dir.resolve("variables/variables.index") + " is missing");
    assertTrue(!e.getMessage().contains("\n") && !e.getMessage().contains("Exception"), e.getMessage());
  }

  @Test
  void emptyModelFilesAreRefusedByName() throws IOException {
    for (String name : new String[] {"model.onnx", "model.pt", "saved_model.pb"}) {
      Path sub = Files.createDirectories(dir.resolve(name + ".d"));
      Path model = Files.createFile(sub.resolve(name));
      assertEquals(model + " is empty (0 bytes); copy the model file again",
          refused(sub, Optional.empty()).getMessage());
    }
  }

  @Test
  void corruptTorchScriptArchiveIsReportedWithItsPath() throws IOException {
    Path model = dir.resolve("model.pt");
    try (OutputStream out = Files.newOutputStream(model);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (String entry : new String[] {"m/data.pkl", "m/constants.pkl", "m/code/__torch__.py"}) {
        zip.putNextEntry(new ZipEntry(entry));
        zip.write("garbage".getBytes());
      }
    }
    assertContains(refused(dir, Optional.empty()), "libtorch cannot load " + model);
  }

  @Test
  void truncatedTorchScriptFileIsNotAZip() throws IOException {
    Path model = dir.resolve("model.pt");
    byte[] real = Files.readAllBytes(TestModels.dir("pt_linear").resolve("files/model.pt"));
    Files.write(model, java.util.Arrays.copyOf(real, real.length / 3));
    assertContains(refused(dir, Optional.empty()), model + " is not a TorchScript archive");
  }

  @Test
  void torchScriptWithoutSignatureOrContractSaysWhatToAdd() {
    ModelLoadException e = refused(TestModels.dir("pt_nosig"), Optional.empty());
    assertContains(e, "does not say what it takes", "contract.protobin", "torch.jit.save", "signature.json",
        TorchScriptSignature.FORMAT);
  }

  @Test
  void contractThatDoesNotMatchASavedModelListsEveryMismatch() {
    Contract wrong =
        contract(
            signature(
                "serving_default",
                List.of(f("x", DType.INT64, -1, 4), floats("q", -1, 4)),
                List.of(floats("sum", -1, 4, 1), floats("nope", -1, 4))));
    ModelLoadException e = refused("tf_twoin", wrong);
    assertContains(e, "(5 problems)",
        "input 'x': contract dtype DT_INT64, model dtype DT_FLOAT",
        "input 'q' is not an input of the model (model inputs: [a, x])",
        "input 'a' of the model is missing from the contract",
        "output 'sum': contract shape [-1,4,1] has rank 3, model shape [-1,4] has rank 2",
        "output 'nope' is not an output of the model (model outputs: [diff, sum])");
  }

  @Test
  void contractThatDoesNotMatchAnOnnxGraphIsRefused() {
    Contract wrong = contract(signature("predict", List.of(f("x", DType.DOUBLE, -1, 4)), List.of(floats("y", -1, 3))));
    assertContains(
        refused("onnx_linear", wrong), "(1 problem)", "input 'x': contract dtype DT_DOUBLE, model dtype DT_FLOAT");
  }

  @Test
  void contractThatDoesNotMatchSignatureJsonIsRefused() {
    Contract wrong = contract(signature("predict", List.of(floats("input", -1, 4)), List.of(floats("y", -1, 3))));
    assertContains(refused("pt_linear", wrong), "input 'input' is not an input of the model (model inputs: [x])",
        "input 'x' of the model is missing from the contract");
  }

  @Test
  void contractWithMoreInputsThanForwardTakesIsRefused() {
    Contract wrong =
        contract(signature("s", List.of(floats("x", -1, 4), floats("a", -1, 4)), List.of(floats("y", -1, 3))));
    assertContains(refused("pt_nosig", wrong), "does not fit the model's forward(x: Tensor)",
        "it takes 1 input(s), the contract lists 2");
  }

  @Test
  void torchScriptReturningFewerTensorsThanTheContractListsIsRefusedAtLoadWithoutWarmup() {
    Contract wrong =
        contract(signature("s", List.of(floats("x", -1, 4)), List.of(floats("y", -1, 3), floats("z", -1))));
    assertEquals(
        "signature 's' does not fit the model's forward(x: Tensor): it returns Tensor (1 tensor(s)), the contract"
            + " lists 2 output(s) [y, z]",
        refused(TestModels.dir("pt_nosig"), Optional.of(wrong), NO_WARMUP).getMessage());
  }

  @Test
  void torchScriptOutputCountIsCheckedWhenWarmupSkipsAnInputOfUnknownRank() {
    Contract wrong =
        contract(
            signature(
                "s",
                List.of(Field.tensor("x", DType.FLOAT, Shape.unknownRank())),
                List.of(floats("y", -1, 3), floats("z", -1))));
    assertContains(refused("pt_nosig", wrong), "it returns Tensor (1 tensor(s)), the contract lists 2 output(s)");
  }

  @Test
  void torchScriptReturningMoreTensorsThanTheContractListsIsRefusedAtLoadWithoutWarmup() throws IOException {
    // pt_multiout without its signature.json: only forward's "-> Tuple[Tensor, Tensor]" says there are two.
    Path model = dir.resolve("model.pt");
    try (ZipFile source = new ZipFile(TestModels.dir("pt_multiout").resolve("files/model.pt").toFile());
        ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(model))) {
      for (ZipEntry entry : Collections.list(source.entries())) {
        if (!entry.getName().endsWith("/extra/" + TorchScriptArchive.SIGNATURE_FILE)) {
          zip.putNextEntry(new ZipEntry(entry.getName()));
          source.getInputStream(entry).transferTo(zip);
        }
      }
    }
    Contract sumOnly =
        contract(signature("s", List.of(floats("x", -1, 4), floats("a", -1, 4)), List.of(floats("sum", -1, 4))));
    assertEquals(
        "signature 's' does not fit the model's forward(x: Tensor, a: Tensor): it returns Tuple[Tensor, Tensor]"
            + " (2 tensor(s)), the contract lists 1 output(s) [sum]",
        refused(dir, Optional.of(sumOnly), NO_WARMUP).getMessage());
  }

  @Test
  void modelThatCannotRunOnTheContractsShapesFailsAtWarmup() {
    Contract wrong = contract(signature("s", List.of(floats("x", -1, 5)), List.of(floats("y", -1, 3))));
    ModelLoadException e = refused("pt_nosig", wrong);
    assertContains(e, "warmup of signature 's' on zero inputs failed", "the engine failed");
  }

  @Test
  void typeTheEngineCannotTakeIsRefused() {
    Contract wrong = contract(signature("s", List.of(f("x", DType.STRING, -1)), List.of(floats("y", -1, 3))));
    assertContains(refused("pt_nosig", wrong), "PyTorch in DJL cannot take DT_STRING");
  }

  @Test
  void unknownSignatureOfASavedModelIsRefused() {
    Contract wrong = contract(signature("div", List.of(floats("a", 1), floats("b", 1)), List.of(floats("q", 1))));
    assertContains(refused("tf_multisig", wrong), "signature 'div' is not in the model (it has [add, mul])");
  }

  @Test
  void modelDirectoryWithTwoModelsIsRefusedBeforeAnyEngineStarts() throws IOException {
    Files.write(dir.resolve("a.onnx"), new byte[] {1});
    Files.write(dir.resolve("b.pt"), new byte[] {1});
    assertEquals(
        "several model candidates in " + dir + ": a.onnx (OnnxRuntime), b.pt (PyTorch); keep one, or name the"
            + " engine to use",
        refused(dir, Optional.empty()).getMessage());
  }
}
