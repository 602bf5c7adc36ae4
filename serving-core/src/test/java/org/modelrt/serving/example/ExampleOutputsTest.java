package org.modelrt.serving.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.modelrt.contract.InvalidRequestException;
import org.modelrt.wire.tensor.DataType;
import org.modelrt.wire.tensor.TensorProto;
import org.modelrt.wire.tensor.TensorShapeProto;
import org.modelrt.wire.tfserving.Class;
import org.modelrt.wire.tfserving.ClassificationResult;
import org.modelrt.wire.tfserving.Classifications;
import org.modelrt.wire.tfserving.Regression;
import org.modelrt.wire.tfserving.RegressionResult;

/** classifier.cc's and regressor.cc's output rules, on hand-made output tensors (no engine). */
final class ExampleOutputsTest {
  private static TensorProto.Builder tensor(DataType dtype, long... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long d : dims) {
      shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
    }
    return TensorProto.newBuilder().setDtype(dtype).setTensorShape(shape);
  }

  private static TensorProto floats(long[] dims, float... values) {
    TensorProto.Builder t = tensor(DataType.DT_FLOAT, dims);
    for (float v : values) {
      t.addFloatVal(v);
    }
    return t.build();
  }

  private static TensorProto content(long[] dims, float... values) {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      bytes.putFloat(v);
    }
    return tensor(DataType.DT_FLOAT, dims).setTensorContent(ByteString.copyFrom(bytes.array())).build();
  }

  private static TensorProto labels(long rows, long columns, String... labels) {
    TensorProto.Builder t = tensor(DataType.DT_STRING, rows, columns);
    for (String l : labels) {
      t.addStringVal(ByteString.copyFromUtf8(l));
    }
    return t.build();
  }

  private static String refusal(Runnable call) {
    return assertThrows(InvalidRequestException.class, call::run).getMessage();
  }

  @Test
  void classesAlone_giveLabelsWithScoreZero() {
    ClassificationResult result = ClassificationOutputs.of(Map.of("classes", labels(2, 1, "a", "b")), 2);
    assertEquals(ClassificationResult.newBuilder()
        .addClassifications(Classifications.newBuilder().addClasses(Class.newBuilder().setLabel("a")))
        .addClassifications(Classifications.newBuilder().addClasses(Class.newBuilder().setLabel("b"))).build(),
        result);
  }

  @Test
  void scoresAsTensorContent_areReadToo() {
    ClassificationResult result = ClassificationOutputs.of(Map.of("scores", content(new long[] {1, 2}, 0.25f, 2)), 1);
    assertEquals(ClassificationResult.newBuilder().addClassifications(Classifications.newBuilder()
        .addClasses(Class.newBuilder().setScore(0.25f)).addClasses(Class.newBuilder().setScore(2))).build(), result);
  }

  @Test
  void classificationOutputs_outOfUpstreamsRules_areRefusedInItsWords() {
    assertEquals("Expected Tensor shape: [batch_size num_classes] but got [2]",
        refusal(() -> ClassificationOutputs.of(Map.of("scores", floats(new long[] {2}, 1, 2)), 2)));
    assertEquals("Expected scores Tensor of DT_FLOAT. Got: DT_STRING",
        refusal(() -> ClassificationOutputs.of(Map.of("scores", labels(1, 1, "x")), 1)));
    assertEquals("Expected classes output batch size of 2. Got: 1",
        refusal(() -> ClassificationOutputs.of(Map.of("classes", labels(1, 1, "x")), 2)));
    assertEquals("Tensors class and score should match in dim_size(1). Got 2 vs. 1", refusal(
        () -> ClassificationOutputs.of(Map.of("classes", labels(1, 2, "x", "y"), "scores",
            floats(new long[] {1, 1}, 1)), 1)));
  }

  @Test
  void regression_takesBatchOrBatchByOne() {
    RegressionResult expected = RegressionResult.newBuilder().addRegressions(Regression.newBuilder().setValue(1.5f))
        .addRegressions(Regression.newBuilder().setValue(-2)).build();
    assertEquals(expected, RegressionOutputs.of(Map.of("outputs", floats(new long[] {2}, 1.5f, -2)), 2));
    assertEquals(expected, RegressionOutputs.of(Map.of("outputs", content(new long[] {2, 1}, 1.5f, -2)), 2));

    assertEquals("Expected output Tensor shape to be either [batch_size] or [batch_size, 1] but got [1,2]",
        refusal(() -> RegressionOutputs.of(Map.of("outputs", floats(new long[] {1, 2}, 1, 2)), 1)));
    assertEquals("Input batch size did not match output batch size: 3 vs. 2",
        refusal(() -> RegressionOutputs.of(Map.of("outputs", floats(new long[] {2}, 1, 2)), 3)));
    assertEquals("Expected output Tensor of DT_FLOAT.  Got: DT_STRING",
        refusal(() -> RegressionOutputs.of(Map.of("outputs", labels(1, 1, "x")), 1)));
  }
}
