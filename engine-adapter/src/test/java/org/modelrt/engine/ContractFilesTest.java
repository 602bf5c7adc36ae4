package org.modelrt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelrt.contract.Signature;
import org.modelrt.fixtures.ExpectedFile;
import org.modelrt.fixtures.FixtureCase;
import org.modelrt.fixtures.TestModels;

/** The contract file of a model directory, read by contract-model's reader, checked and served by the loader. */
final class ContractFilesTest {
  @TempDir Path dir;

  @Test
  void bundledExampleServesItsG3ContractOnTheTorchScriptModel() throws Exception {
    try (LoadedModel model = ModelLoader.load(TestModels.bundledExample(), Fixtures.OPTIONS)) {
      Signature predict = model.contract().signature("predict").orElseThrow();
      assertEquals(List.of("predict"), model.contract().signatures().stream().map(Signature::name).toList());
      ExpectedFile expected = TestModels.expected("pt_linear");
      for (FixtureCase c : expected.cases()) {
        Fixtures.assertCase(model, predict, c, expected.tolerance(), "linear-torchscript predict");
      }
    }
  }

  /** The real tf_summator contract has the same signature names but int8 scalars and a 'mul' output. */
  @Test
  void realHydrosphereContractOfAnotherModelIsRefusedWithEveryMismatch() throws Exception {
    Files.createDirectories(dir.resolve("files"));
    TestModels.copyFiles("tf_multisig", dir.resolve("files"));
    Path summator =
        TestModels.root().resolveSibling("contract-model/src/test/resources/contracts/L0-tf_summator.protobin");
    Files.copy(summator, dir.resolve("contract.protobin"));
    ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(dir, Fixtures.OPTIONS));
    // its scalars against the graph's [-1] are a missing batch dim, which loads; the dtypes and a name do not
    assertTrue(e.getMessage().startsWith("the contract does not match the model (6 problems): "), e.getMessage());
    for (String problem : List.of(
        "1) signature 'add' input 'a': contract dtype DT_INT8, model dtype DT_FLOAT",
        "3) signature 'add' output 'sum': contract dtype DT_INT8, model dtype DT_FLOAT",
        "6) signature 'mul' output 'mul' is not an output of the model (model outputs: [product])")) {
      assertTrue(e.getMessage().contains(problem), problem + " in " + e.getMessage());
    }
  }

  @Test
  void textContractThatDoesNotMatchTheModelIsRefusedWithEveryMismatch() throws Exception {
    TestModels.copyFiles("onnx_twoin", dir);
    Files.writeString(dir.resolve("contract.prototxt"), """
        signature_name: "predict"
        inputs { name: "x" dtype: DT_INT32 shape { dims: -1 dims: 4 } }
        inputs { name: "b" dtype: DT_FLOAT shape { dims: -1 dims: 4 } }
        outputs { name: "y" dtype: DT_FLOAT shape { dims: -1 dims: 4 } }
        """);
    ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(dir, Fixtures.OPTIONS));
    assertTrue(e.getMessage().startsWith("the contract does not match the model (3 problems)"), e.getMessage());
    assertTrue(e.getMessage().contains("input 'x': contract dtype DT_INT32, model dtype DT_FLOAT"), e.getMessage());
    assertTrue(e.getMessage().contains("input 'b' is not an input of the model (model inputs: [x, a])"),
        e.getMessage());
    assertTrue(e.getMessage().contains("input 'a' of the model is missing from the contract"), e.getMessage());
  }

  @Test
  void unreadableContractFileFailsTheLoadNamingIt() throws Exception {
    TestModels.copyFiles("onnx_linear", dir);
    Files.write(dir.resolve("contract.protobin"), new byte[] {(byte) 0xff, 0x01, 0x02});
    ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(dir, Fixtures.OPTIONS));
    assertTrue(e.getMessage().startsWith("the contract of " + dir + " cannot be read: "), e.getMessage());
    assertTrue(e.getMessage().contains("contract.protobin"), e.getMessage());
  }
}
