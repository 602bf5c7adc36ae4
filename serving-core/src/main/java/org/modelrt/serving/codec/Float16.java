package org.modelrt.serving.codec;

/**
 * Conversions between float and the two 16-bit float formats that travel as bit patterns in {@code half_val}:
 * IEEE-754 binary16 (DT_HALF) and bfloat16 (DT_BFLOAT16). Only the text forms of the clients need them; the server
 * moves the bit patterns unchanged. Both directions round to nearest, ties to even.
 */
final class Float16 {
  private static final float HALF_OVERFLOW = 65520f;
  private static final float HALF_MIN_NORMAL = 0x1.0p-14f;

  private Float16() {}

  /** The binary16 bit pattern nearest to {@code value}. */
  static int fromFloat(float value) {
    int sign = (Float.floatToRawIntBits(value) >>> 16) & 0x8000;
    float abs = Math.abs(value);
    if (Float.isNaN(value)) {
      return sign | 0x7E00;
    }
    if (abs >= HALF_OVERFLOW) {
      return sign | 0x7C00;
    }
    if (abs < HALF_MIN_NORMAL) {
      // Subnormal: a multiple of 2^-24; 1024 * 2^-24 rounds up into the smallest normal, whose bits are 0x400.
      return sign | (int) Math.rint(abs * 0x1.0p24f);
    }
    int exponent = Math.getExponent(abs);
    int mantissa = (int) Math.rint(Math.scalb(abs, 10 - exponent));
    if (mantissa == 2048) {
      mantissa = 1024;
      exponent++;
    }
    return sign | ((exponent + 15) << 10) | (mantissa - 1024);
  }

  /** The float a binary16 bit pattern stands for. */
  static float toFloat(int bits) {
    int exponent = (bits >>> 10) & 0x1F;
    int mantissa = bits & 0x3FF;
    float magnitude;
    if (exponent == 0) {
      magnitude = mantissa * 0x1.0p-24f;
    } else if (exponent == 31) {
      magnitude = mantissa == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
    } else {
      magnitude = Math.scalb((float) (1024 + mantissa), exponent - 25);
    }
    return (bits & 0x8000) != 0 ? -magnitude : magnitude;
  }

  /** The bfloat16 bit pattern nearest to {@code value}: the top half of its float bits, rounded. */
  static int bfloatFromFloat(float value) {
    if (Float.isNaN(value)) {
      return 0x7FC0;
    }
    int bits = Float.floatToRawIntBits(value);
    return ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16) & 0xFFFF;
  }

  /** The float a bfloat16 bit pattern stands for. */
  static float bfloatToFloat(int bits) {
    return Float.intBitsToFloat(bits << 16);
  }
}
