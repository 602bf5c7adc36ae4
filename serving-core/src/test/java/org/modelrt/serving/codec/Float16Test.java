package org.modelrt.serving.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** binary16 and bfloat16 against bit patterns from the IEEE-754 tables. */
final class Float16Test {

  @Test
  void knownHalfValues_haveTheirTableBitPatterns() {
    assertEquals(0x3C00, Float16.fromFloat(1f));
    assertEquals(0xC000, Float16.fromFloat(-2f));
    assertEquals(0x7BFF, Float16.fromFloat(65504f));
    assertEquals(0x0400, Float16.fromFloat(0x1.0p-14f));
    assertEquals(0x0001, Float16.fromFloat(0x1.0p-24f));
    assertEquals(0x3555, Float16.fromFloat(1f / 3));
    assertEquals(0x8000, Float16.fromFloat(-0f));
    assertEquals(0x7C00, Float16.fromFloat(1e6f));
    assertEquals(0xFC00, Float16.fromFloat(Float.NEGATIVE_INFINITY));
  }

  @Test
  void ties_roundToEven() {
    // 1 + 2^-11 lies halfway between 0x3C00 and 0x3C01: even wins. 1 + 3 * 2^-11 is halfway to 0x3C02: even wins.
    assertEquals(0x3C00, Float16.fromFloat(1f + 0x1.0p-11f));
    assertEquals(0x3C02, Float16.fromFloat(1f + 3 * 0x1.0p-11f));
  }

  @Test
  void everyHalfBitPattern_survivesTheRoundTrip() {
    for (int bits = 0; bits <= 0xFFFF; bits++) {
      float f = Float16.toFloat(bits);
      if (Float.isNaN(f)) {
        assertTrue(Float.isNaN(Float16.toFloat(Float16.fromFloat(f))));
      } else {
        assertEquals(bits, Float16.fromFloat(f), Integer.toHexString(bits));
      }
    }
  }

  @Test
  void bfloat16_isTheTopHalfOfAFloat_roundedToEven() {
    assertEquals(0x3F80, Float16.bfloatFromFloat(1f));
    assertEquals(0xC000, Float16.bfloatFromFloat(-2f));
    assertEquals(0x3F80, Float16.bfloatFromFloat(Float.intBitsToFloat(0x3F808000)));
    assertEquals(0x3F82, Float16.bfloatFromFloat(Float.intBitsToFloat(0x3F818000)));
    assertEquals(1f, Float16.bfloatToFloat(0x3F80));
  }
}
