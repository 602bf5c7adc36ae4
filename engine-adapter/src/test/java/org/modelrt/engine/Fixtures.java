package org.modelrt.engine;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.modelrt.contract.Contract;
import org.modelrt.contract.Field;
import org.modelrt.contract.Signature;

/** Loading the committed test models and running their cases through {@link LoadedModel}. */
final class Fixtures {
  /** Small pools and one warmup run keep the tests quick; the defaults are exercised by the warmup tests. */
  static final EngineOptions OPTIONS = EngineOptions.defaults().withPredictors(2).withWarmupRuns(1);

  private Fixtures() {}

  /** Loads a fixture through the public entry point; fixtures have no contract file, so it is derived. */
  static LoadedModel load(String name) throws ModelLoadException {
    return ModelLoader.load(TestModelDirs.dir(name), OPTIONS);
  }

  /** Loads a fixture with {@code contract} given. */
  static LoadedModel load(String name, Optional<Contract> contract) throws ModelLoadException {
    return ModelLoader.load(TestModelDirs.dir(name), OPTIONS, dir -> contract);
  }

  /** Loads the model in {@code dir} with {@code contract} given. */
  static LoadedModel load(Path dir, Optional<Contract> contract, EngineOptions options) throws ModelLoadException {
    return ModelLoader.load(dir, options, d -> contract);
  }

  /** The case's inputs as arrays in {@code scope}, in the signature's input order. */
  static NDList inputs(NDManager scope, Signature signature, Map<String, CaseTensor> byName) {
    NDList inputs = new NDList();
    for (Field field : signature.inputs()) {
      CaseTensor tensor = byName.get(field.name());
      if (tensor == null) {
        throw new IllegalArgumentException("the case has no input '" + field.name() + "' of " + signature);
      }
      inputs.add(tensor.toNDArray(scope));
    }
    return inputs;
  }

  /** Runs a case and checks every output the signature lists, by name, against the expected values. */
  static void assertCase(LoadedModel model, Signature signature, ExpectedCases.Case c, double tolerance,
      String label) {
    try (NDManager scope = model.newRequestScope()) {
      NDList outputs = model.predict(signature, inputs(scope, signature, c.inputs()));
      org.junit.jupiter.api.Assertions.assertEquals(signature.outputNames().size(), outputs.size(), label);
      for (int i = 0; i < outputs.size(); i++) {
        String name = signature.outputs().get(i).name();
        org.junit.jupiter.api.Assertions.assertEquals(name, outputs.get(i).getName(), label + " output " + i);
        c.outputs().get(name).assertMatches(outputs.get(i), tolerance, label + " output " + name);
      }
    }
  }
}
