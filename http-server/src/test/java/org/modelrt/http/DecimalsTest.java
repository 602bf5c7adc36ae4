package org.modelrt.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Decimals as json_tensor.cc's WriteDecimal writes them (its json_tensor_test.cc cases where they apply). */
final class DecimalsTest {
  @Test
  void shortestOfSixDigits_withWholeNumbersMarked() {
    assertEquals("0.1", Decimals.ofFloat(0.1f));
    assertEquals("3.0", Decimals.ofFloat(3f));
    assertEquals("2.5", Decimals.ofFloat(2.5f));
    assertEquals("-0.0", Decimals.ofFloat(-0f));
    assertEquals("0.0", Decimals.ofDouble(0));
    assertEquals("0.1", Decimals.ofDouble(0.1));
  }

  @Test
  void exponentsAsCsPercentG() {
    assertEquals("1e+06", Decimals.ofFloat(1e6f));
    assertEquals("3e-05", Decimals.ofFloat(3e-5f));
    assertEquals("1.5e+20", Decimals.ofDouble(1.5e20));
    assertEquals("1e-300", Decimals.ofDouble(1e-300));
  }

  @Test
  void valuesSixDigitsDoNotRoundTrip_getMaxDigits10() {
    assertEquals("1.00000012", Decimals.ofFloat(Math.nextUp(1f)));
    assertEquals("123456792.0", Decimals.ofFloat(123456789f));
    assertEquals("0.30000000000000004", Decimals.ofDouble(0.1 + 0.2));
    assertEquals("3.4028234663852886e+38", Decimals.ofDouble(Float.MAX_VALUE));
  }

  @Test
  void nonFinite_asBareTokens() {
    assertEquals("NaN", Decimals.ofFloat(Float.NaN));
    assertEquals("Infinity", Decimals.ofDouble(Double.POSITIVE_INFINITY));
    assertEquals("-Infinity", Decimals.ofFloat(Float.NEGATIVE_INFINITY));
  }
}
