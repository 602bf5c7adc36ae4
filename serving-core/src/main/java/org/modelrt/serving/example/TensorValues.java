package org.modelrt.serving.example;

import com.google.protobuf.ByteString;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import org.modelrt.wire.tensor.TensorProto;
import org.modelrt.wire.tensor.TensorShapeProto;

/**
 * Reads back the outputs the predict path encoded: dims, and float or string values from either encoding (typed
 * {@code *_val} by default, {@code tensor_content} when the server is configured to answer so). Stateless.
 */
final class TensorValues {
  private TensorValues() {}

  static long[] dims(TensorProto tensor) {
    return tensor.getTensorShape().getDimList().stream().mapToLong(TensorShapeProto.Dim::getSize).toArray();
  }

  /** TensorFlow's TensorShape::DebugString: {@code [2,3]}. */
  static String shapeText(TensorProto tensor) {
    StringBuilder text = new StringBuilder("[");
    for (long d : dims(tensor)) {
      text.append(text.length() > 1 ? "," : "").append(d);
    }
    return text.append(']').toString();
  }

  static float[] floats(TensorProto tensor) {
    if (!tensor.getTensorContent().isEmpty()) {
      FloatBuffer content = tensor.getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN)
          .asFloatBuffer();
      float[] values = new float[content.remaining()];
      content.get(values);
      return values;
    }
    float[] values = new float[tensor.getFloatValCount()];
    for (int i = 0; i < values.length; i++) {
      values[i] = tensor.getFloatVal(i);
    }
    return values;
  }

  static List<ByteString> strings(TensorProto tensor) {
    return tensor.getStringValList();
  }
}
