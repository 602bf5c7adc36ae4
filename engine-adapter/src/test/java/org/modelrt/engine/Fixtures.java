package org.modelrt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.modelrt.contract.Contract;
import org.modelrt.contract.Field;
import org.modelrt.contract.Signature;
import org.modelrt.fixtures.DjlTensors;
import org.modelrt.fixtures.FixtureCase;
import org.modelrt.fixtures.FixtureTensor;
import org.modelrt.fixtures.StringTensor;
import org.modelrt.fixtures.TensorComparison;
import org.modelrt.fixtures.TestModels;

/**
 * Loading the committed test models and running their expected.json cases through {@link LoadedModel}. Byte strings
 * cross DJL through {@link StringTensors}, as the engine adapter moves them; numbers as the fixtures package does.
 */
final class Fixtures {
  /** Small pools and one warmup run keep the tests quick; the defaults are exercised by the warmup tests. */
  static final EngineOptions OPTIONS = EngineOptions.defaults().withPredictors(2).withWarmupRuns(1);

  private Fixtures() {}

  /** Loads a fixture through the public entry point; fixtures have no contract file, so it is derived. */
  static LoadedModel load(String name) throws ModelLoadException {
    return ModelLoader.load(TestModels.dir(name), OPTIONS);
  }

  /** Loads a fixture with {@code contract} given. */
  static LoadedModel load(String name, Optional<Contract> contract) throws ModelLoadException {
    return ModelLoader.load(TestModels.dir(name), OPTIONS, dir -> contract);
  }

  /** Loads the model in {@code dir} with {@code contract} given. */
  static LoadedModel load(Path dir, Optional<Contract> contract, EngineOptions options) throws ModelLoadException {
    return ModelLoader.load(dir, options, d -> contract);
  }

  /** The case's inputs as arrays in {@code scope}, in the signature's input order. */
  static NDList inputs(NDManager scope, Signature signature, Map<String, FixtureTensor> byName) {
    NDList inputs = new NDList();
    for (Field field : signature.inputs()) {
      FixtureTensor tensor = byName.get(field.name());
      if (tensor == null) {
        throw new IllegalArgumentException("the case has no input '" + field.name() + "' of " + signature);
      }
      inputs.add(tensor instanceof StringTensor strings
          ? StringTensors.create(scope, strings.values(), new Shape(strings.shape()))
          : DjlTensors.toNDArray(scope, tensor));
    }
    return inputs;
  }

  /** Runs a case and checks every output the signature lists, by name, against the expected values. */
  static void assertCase(LoadedModel model, Signature signature, FixtureCase c, double tolerance, String label) {
    try (NDManager scope = model.newRequestScope()) {
      NDList outputs = model.predict(signature, inputs(scope, signature, c.inputs()));
      assertEquals(signature.outputNames().size(), outputs.size(), label);
      for (int i = 0; i < outputs.size(); i++) {
        String name = signature.outputs().get(i).name();
        assertEquals(name, outputs.get(i).getName(), label + " output " + i);
        assertMatches(c.outputs().get(name), outputs.get(i), tolerance, label + " output " + name);
      }
    }
  }

  /** Asserts {@code actual} has the expected dtype, shape and values (floats within the tolerance). */
  private static void assertMatches(FixtureTensor expected, NDArray actual, double tolerance, String label) {
    FixtureTensor got = actual.getDataType() == DataType.STRING
        ? new StringTensor(actual.getShape().getShape(), StringTensors.bytes(actual))
        : DjlTensors.fromNDArray(actual);
    TensorComparison.mismatch(expected, got, tolerance).ifPresent(problem -> fail(label + " " + problem));
  }
}
