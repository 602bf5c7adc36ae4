package org.modelrt.serving.example;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Map;
import org.modelrt.contract.InvalidRequestException;
import org.modelrt.wire.tensor.DataType;
import org.modelrt.wire.tensor.TensorProto;
import org.modelrt.wire.tfserving.Class;
import org.modelrt.wire.tfserving.ClassificationResult;
import org.modelrt.wire.tfserving.Classifications;

/**
 * A classify signature's outputs as a {@link ClassificationResult}, by TF Serving's
 * {@code PostProcessClassificationResult}: {@code classes} (DT_STRING) and {@code scores} (DT_FLOAT) are each
 * optional, [n, k] when present and agreeing on k; a class has no label without {@code classes} and score 0 without
 * {@code scores}. Upstream answers a mismatch with INVALID_ARGUMENT, and so does this. Stateless.
 */
final class ClassificationOutputs {
  private ClassificationOutputs() {}

  static ClassificationResult of(Map<String, TensorProto> outputs, int examples) {
    TensorProto classes = outputs.get(ExampleSignature.CLASSES);
    TensorProto scores = outputs.get(ExampleSignature.SCORES);
    check(classes, DataType.DT_STRING, "classes", examples);
    check(scores, DataType.DT_FLOAT, "scores", examples);
    long k;
    if (classes != null && scores != null) {
      long classCount = TensorValues.dims(classes)[1];
      long scoreCount = TensorValues.dims(scores)[1];
      if (classCount != scoreCount) {
        throw new InvalidRequestException("Tensors class and score should match in dim_size(1). Got "
            + classCount + " vs. " + scoreCount);
      }
      k = classCount;
    } else {
      k = TensorValues.dims(classes != null ? classes : scores)[1];
    }
    List<ByteString> labels = classes == null ? null : TensorValues.strings(classes);
    float[] values = scores == null ? null : TensorValues.floats(scores);
    ClassificationResult.Builder result = ClassificationResult.newBuilder();
    for (int i = 0; i < examples; i++) {
      Classifications.Builder row = result.addClassificationsBuilder();
      for (int c = 0; c < k; c++) {
        int at = (int) (i * k + c);
        Class.Builder item = row.addClassesBuilder();
        if (labels != null) {
          item.setLabelBytes(labels.get(at)); // the model's bytes as they are
        }
        if (values != null) {
          item.setScore(values[at]);
        }
      }
    }
    return result.build();
  }

  private static void check(TensorProto tensor, DataType dtype, String name, int examples) {
    if (tensor == null) {
      return;
    }
    long[] dims = TensorValues.dims(tensor);
    if (dims.length != 2) {
      throw new InvalidRequestException(
          "Expected Tensor shape: [batch_size num_classes] but got " + TensorValues.shapeText(tensor));
    }
    if (tensor.getDtype() != dtype) {
      throw new InvalidRequestException(
          "Expected " + name + " Tensor of " + dtype.name() + ". Got: " + tensor.getDtype().name());
    }
    if (dims[0] != examples) {
      throw new InvalidRequestException(
          "Expected " + name + " output batch size of " + examples + ". Got: " + dims[0]);
    }
  }
}
