package org.modelrt.http;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Floating-point numbers as TF Serving's JSON writes them ({@code WriteDecimal} in json_tensor.cc): C's {@code %g}
 * with six significant digits, or with {@code max_digits10} (9 for float, 17 for double) when six do not read back
 * as the same value; {@code .0} appended to a whole number not in scientific notation; {@code NaN}, {@code Infinity}
 * and {@code -Infinity} as bare tokens. Stateless.
 */
final class Decimals {
  private static final int SHORT = 6;

  private Decimals() {}

  static String ofFloat(float value) {
    if (!Float.isFinite(value)) {
      return nonFinite(value);
    }
    String s = g(value, SHORT);
    if (Float.parseFloat(s) != value) {
      s = g(value, 9);
    }
    return wholeMarked(s);
  }

  static String ofDouble(double value) {
    if (!Double.isFinite(value)) {
      return nonFinite(value);
    }
    String s = g(value, SHORT);
    if (Double.parseDouble(s) != value) {
      s = g(value, 17);
    }
    return wholeMarked(s);
  }

  private static String nonFinite(double value) {
    return Double.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
  }

  private static String wholeMarked(String s) {
    return s.indexOf('.') < 0 && s.indexOf('e') < 0 ? s + ".0" : s;
  }

  /** C's {@code printf("%.{p}g", v)} for a finite value: the exact binary value rounded half-even, zeros trimmed. */
  static String g(double value, int precision) {
    if (value == 0) {
      return 1 / value < 0 ? "-0" : "0";
    }
    BigDecimal rounded = new BigDecimal(value).round(new MathContext(precision, RoundingMode.HALF_EVEN));
    int exponent = rounded.precision() - rounded.scale() - 1;
    if (exponent >= -4 && exponent < precision) {
      return rounded.stripTrailingZeros().toPlainString();
    }
    String digits = rounded.unscaledValue().abs().toString().replaceFirst("0+$", "");
    StringBuilder out = new StringBuilder(value < 0 ? "-" : "").append(digits.charAt(0));
    if (digits.length() > 1) {
      out.append('.').append(digits, 1, digits.length());
    }
    int e = Math.abs(exponent);
    return out.append('e').append(exponent < 0 ? '-' : '+').append(e < 10 ? "0" : "").append(e).toString();
  }
}
