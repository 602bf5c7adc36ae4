package org.modelrt.serving.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.modelrt.contract.Field;
import org.modelrt.contract.Signature;
import org.modelrt.contract.ValidatedInput;
import org.modelrt.engine.EngineOptions;
import org.modelrt.engine.LoadedModel;
import org.modelrt.engine.ModelLoader;
import org.modelrt.fixtures.TestModels;
import org.modelrt.wire.tensor.TensorProto;
import org.modelrt.wire.tensor.TensorShapeProto;

/**
 * A contract that says {@code [4]} where the graph says {@code [-1,4]}, end to end on real engines: the model loads,
 * a request shaped as the contract says runs (the engine is fed {@code [1,4]}), and the answer carries the
 * contract's shape where it is fully known, the real one where it is not. tf_twoin computes {@code sum = x + a},
 * {@code diff = x - 2a}; onnx_twoin {@code y = x - 2a}; expected values worked out by hand.
 */
final class ToleratedContractTest {
  private static final float[] X = {1, 2, 3, 4};
  private static final float[] A = {0.5f, 0.5f, 0.5f, 0.5f};

  @ParameterizedTest(name = "{0}")
  @CsvSource({"tf_twoin, sum, diff", "onnx_twoin, y, y"})
  void aContractWithoutTheBatchDimLoadsAndAnswersInItsShape(String fixture, String fourOut, String anyOut,
      @TempDir Path dir) throws Exception {
    boolean tf = fixture.startsWith("tf");
    Files.createDirectories(dir.resolve("files"));
    TestModels.copyFiles(fixture, dir.resolve("files"));
    // onnx_twoin has one output: the contract lists it once, as [4]; tf_twoin's diff stays [-1,4]
    Files.writeString(dir.resolve("contract.prototxt"), """
        model_name: "tolerated"
        signatures {
          signature_name: "serving_default"
          inputs { name: "x" dtype: DT_FLOAT shape { dim { size: 4 } } }
          inputs { name: "a" dtype: DT_FLOAT shape { dim { size: 4 } } }
          outputs { name: "%s" dtype: DT_FLOAT shape { dim { size: 4 } } }
        %s}
        """.formatted(fourOut, tf
            ? "  outputs { name: \"diff\" dtype: DT_FLOAT shape { dim { size: -1 } dim { size: 4 } } }\n" : ""));
    try (LoadedModel model = ModelLoader.load(dir, EngineOptions.defaults().withPredictors(1).withWarmupRuns(1))) {
      Signature signature = model.contract().defaultSignature().orElseThrow();
      List<TensorProto> answers = run(model, signature);
      assertEquals(shape(4), answers.get(0).getTensorShape());
      List<Float> expected = tf ? List.of(1.5f, 2.5f, 3.5f, 4.5f) : List.of(0f, 1f, 2f, 3f);
      assertEquals(expected, answers.get(0).getFloatValList());
      if (tf) {
        assertEquals(anyOut, signature.outputs().get(1).name());
        assertEquals(shape(1, 4), answers.get(1).getTensorShape()); // [-1,4] is not fully known: the real shape
        assertEquals(List.of(0f, 1f, 2f, 3f), answers.get(1).getFloatValList());
      }
    }
  }

  private static List<TensorProto> run(LoadedModel model, Signature signature) throws IOException {
    try (NDManager scope = model.newRequestScope()) {
      NDList inputs = new NDList();
      for (Field field : signature.inputs()) {
        TensorProto tensor = floats(field.name().equals("x") ? X : A);
        inputs.add(TensorCodec.decode(WireFormat.TENSOR_PROTO, tensor, WireFormat.TENSOR_PROTO.header(tensor),
            new ValidatedInput(field, new long[] {4}, false), scope));
      }
      NDList outputs = model.predict(signature, inputs);
      return java.util.stream.IntStream.range(0, outputs.size())
          .mapToObj(i -> TensorCodec.encode(WireFormat.TENSOR_PROTO, outputs.get(i), signature.outputs().get(i),
              false))
          .toList();
    }
  }

  private static TensorProto floats(float[] values) {
    TensorProto.Builder b = TensorProto.newBuilder().setDtypeValue(1).setTensorShape(shape(values.length));
    for (float v : values) {
      b.addFloatVal(v);
    }
    return b.build();
  }

  private static TensorShapeProto shape(long... dims) {
    TensorShapeProto.Builder b = TensorShapeProto.newBuilder();
    for (long d : dims) {
      b.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
    }
    return b.build();
  }
}
