package org.modelrt.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import org.modelrt.contract.Field;
import org.modelrt.contract.Shape;
import org.modelrt.contract.Signature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every signature a few times before the model is ready, so that the first real request does not pay for lazy
 * engine work (graph optimisation, allocator growth, kernel selection). Inputs are zeros (empty strings for
 * DT_STRING) of the contract's shapes, each -1 dim taken as 1; a signature with an input of unknown rank cannot be
 * given a shape and is not warmed, nor is a classify or regress signature (its tf.Example input has required
 * features zeros cannot give). A failed run fails the load: the model cannot run on well-formed input. Each
 * run also checks the outputs against the contract, so a TorchScript model that returns fewer or more tensors than
 * the contract lists is found here even when its {@code forward} has no return annotation to check at bind time
 * ({@link TorchScriptOrder}). Stateless.
 */
final class Warmup {
  private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);
  private static final Set<String> TF_EXAMPLE_METHODS =
      Set.of("tensorflow/serving/classify", "tensorflow/serving/regress");

  private Warmup() {}

  /**
   * Warms every signature of the model.
   *
   * @param runs runs per signature; 0 for none
   * @throws ModelLoadException when a run fails
   */
  static void run(LoadedModel model, int runs) throws ModelLoadException {
    if (runs == 0) {
      return;
    }
    for (Signature signature : model.contract().signatures()) {
      if (TF_EXAMPLE_METHODS.contains(signature.methodName())) {
        // serialized tf.Examples: an empty one lacks the model's required features, so zeros cannot run it
        // (TF Serving warms these only from the version's warmup file)
        LOG.info("signature '{}' not warmed up: it takes tf.Examples ({})", signature.name(), signature.methodName());
        continue;
      }
      Optional<Field> unknownRank = signature.inputs().stream().filter(f -> !f.shape().hasKnownRank()).findFirst();
      if (unknownRank.isPresent()) {
        LOG.info("signature '{}' not warmed up: input '{}' has no known rank", signature.name(), unknownRank.get());
        continue;
      }
      for (int i = 0; i < runs; i++) {
        runOnce(model, signature);
      }
    }
  }

  private static void runOnce(LoadedModel model, Signature signature) throws ModelLoadException {
    try (NDManager scope = model.newRequestScope()) {
      NDList inputs = new NDList(signature.inputs().size());
      for (Field field : signature.inputs()) {
        inputs.add(zeros(scope, field));
      }
      model.predict(signature, inputs);
    } catch (InferenceException e) {
      throw new ModelLoadException(
          "warmup of signature '" + signature.name() + "' on zero inputs failed: " + e.getMessage(), e);
    }
  }

  /** A zero array of the field's dtype and shape, -1 dims taken as 1. */
  static NDArray zeros(NDManager manager, Field field) {
    long[] dims = Arrays.stream(field.shape().dims()).map(d -> d == Shape.ANY ? 1 : d).toArray();
    ai.djl.ndarray.types.Shape shape = new ai.djl.ndarray.types.Shape(dims);
    DataType type =
        DTypeTable.toDjl(field.dtype())
            .orElseThrow(() -> new IllegalArgumentException(field + " has no DJL type"));
    if (type == DataType.STRING) {
      byte[][] empty = new byte[Math.toIntExact(shape.size())][0];
      return StringTensors.create(manager, empty, shape);
    }
    int bytes = Math.toIntExact(shape.size() * type.getNumOfBytes());
    return manager.create(ByteBuffer.allocateDirect(bytes), shape, type);
  }
}
