package org.modelrt.serving.example;

import java.util.Map;
import org.modelrt.contract.InvalidRequestException;
import org.modelrt.wire.tensor.DataType;
import org.modelrt.wire.tensor.TensorProto;
import org.modelrt.wire.tfserving.Regression;
import org.modelrt.wire.tfserving.RegressionResult;

/**
 * A regress signature's {@code outputs} as a {@link RegressionResult}, by TF Serving's
 * {@code PostProcessRegressionResult}: DT_FLOAT, shape [n] or [n, 1], one value per example. Stateless.
 */
final class RegressionOutputs {
  private RegressionOutputs() {}

  static RegressionResult of(Map<String, TensorProto> outputs, int examples) {
    TensorProto tensor = outputs.get(ExampleSignature.OUTPUTS);
    if (tensor == null) {
      throw new InvalidRequestException("Could not find output tensor 'outputs'");
    }
    long[] dims = TensorValues.dims(tensor);
    if (!(dims.length == 1 || dims.length == 2 && dims[1] == 1)) {
      throw new InvalidRequestException("Expected output Tensor shape to be either [batch_size] or "
          + "[batch_size, 1] but got " + TensorValues.shapeText(tensor));
    }
    if (dims[0] != examples) {
      throw new InvalidRequestException(
          "Input batch size did not match output batch size: " + examples + " vs. " + dims[0]);
    }
    if (tensor.getDtype() != DataType.DT_FLOAT) {
      throw new InvalidRequestException("Expected output Tensor of DT_FLOAT.  Got: " + tensor.getDtype().name());
    }
    float[] values = TensorValues.floats(tensor);
    if (values.length != examples) {
      throw new InvalidRequestException(
          "Expected output batch size to be " + examples + ".  Got: " + values.length);
    }
    RegressionResult.Builder result = RegressionResult.newBuilder();
    for (float v : values) {
      result.addRegressions(Regression.newBuilder().setValue(v));
    }
    return result.build();
  }
}
