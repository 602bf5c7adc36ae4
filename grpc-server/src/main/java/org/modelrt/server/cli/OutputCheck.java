package org.modelrt.server.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.modelrt.contract.DType;
import org.modelrt.serving.codec.TensorText;

/**
 * Compares a response's outputs with expected ones, as {@code test-models/README.md} defines a match: same names,
 * dtype and shape; floating-point values within {@code tolerance * max(1, |expected|)}; everything else exact.
 * Stateless.
 */
public final class OutputCheck {
  private OutputCheck() {}

  /** Every difference, one line each; empty when the outputs match. */
  public static List<String> mismatches(Map<String, TensorText.Values> expected,
      Map<String, TensorText.Values> actual, double tolerance) {
    List<String> problems = new ArrayList<>();
    if (!expected.keySet().equals(actual.keySet())) {
      problems.add("outputs " + actual.keySet() + ", expected " + expected.keySet());
    }
    expected.forEach((name, want) -> {
      TensorText.Values got = actual.get(name);
      if (got != null) {
        compare(name, want, got, tolerance, problems);
      }
    });
    return problems;
  }

  private static void compare(String name, TensorText.Values want, TensorText.Values got, double tolerance,
      List<String> problems) {
    if (want.dtype() != got.dtype() || !Arrays.equals(want.shape(), got.shape())) {
      problems.add(name + ": " + got.dtype() + " " + Arrays.toString(got.shape()) + ", expected " + want.dtype() + " "
          + Arrays.toString(want.shape()));
      return;
    }
    if (want.values().size() != got.values().size()) {
      problems.add(name + ": " + got.values().size() + " values, expected " + want.values().size());
      return;
    }
    for (int i = 0; i < want.values().size(); i++) {
      if (!matches(want.dtype(), want.values().get(i), got.values().get(i), tolerance)) {
        problems.add(name + "[" + i + "]: " + got.values().get(i) + ", expected " + want.values().get(i));
      }
    }
  }

  private static boolean matches(DType dtype, String want, String got, double tolerance) {
    return switch (dtype) {
      case FLOAT, DOUBLE, HALF, BFLOAT16, COMPLEX64 -> {
        double e = Double.parseDouble(want);
        yield Math.abs(Double.parseDouble(got) - e) <= tolerance * Math.max(1, Math.abs(e));
      }
      case STRING -> want.equals(got);
      case BOOL -> Boolean.parseBoolean(want) == Boolean.parseBoolean(got);
      default -> new java.math.BigDecimal(want).compareTo(new java.math.BigDecimal(got)) == 0;
    };
  }
}
