package org.modelrt.bench.jmh;

import java.util.ArrayList;
import java.util.List;
import org.modelrt.bench.fixture.TensorFlowNatives;
import org.modelrt.contract.DType;

/**
 * Deterministic tensor values for the codec benchmarks, written as text for the server's own builder
 * ({@code TensorText}), so the benchmark sends exactly what a client of the runtime sends. Stateless.
 */
final class CodecPayloads {
  /** Each DT_STRING element: 16 bytes. */
  static final int STRING_BYTES = 16;

  private CodecPayloads() {}

  /** {@code n} values of {@code dtype}: varied, in range, none of them special (no NaN, no subnormal). */
  static List<String> values(DType dtype, int n) {
    List<String> values = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      values.add(switch (dtype) {
        case FLOAT, DOUBLE -> Double.toString((i % 1000) * 0.25 - 100);
        case INT32, INT64 -> Integer.toString(i * 7 - 3);
        case BOOL -> (i % 3 == 0) ? "true" : "false";
        case STRING -> String.format("s%015d", i);
        default -> throw new IllegalArgumentException("no benchmark values for " + dtype);
      });
    }
    return values;
  }

  /** The payload of {@code n} elements: n x element size, DT_STRING n x 16. */
  static long bytes(DType dtype, int n) {
    return (long) n * (dtype == DType.STRING ? STRING_BYTES : dtype.elementSize());
  }

  /** The engine whose arrays the codec fills: TensorFlow for strings (PyTorch has none), PyTorch otherwise. */
  static String engine(DType dtype) {
    if (dtype == DType.STRING) {
      TensorFlowNatives.locate();
      return "TensorFlow";
    }
    return "PyTorch";
  }
}
