package org.modelrt.serving.codec;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import org.modelrt.contract.DType;

/**
 * One tensor value as text and back, for the command-line clients (never on the server's hot path). Numbers are
 * decimal; integers also accept an integral decimal such as {@code 3.0} (JSON writers emit those); booleans are
 * {@code true}/{@code false} or {@code 1}/{@code 0}; half floats are written as the float they stand for; complex
 * values are one text value per real or imaginary part. Buffers are little-endian.
 */
final class TextValues {
  private TextValues() {}

  /** Appends one value of {@code type}, given as text, to {@code dst}. */
  static void parse(DType type, String text, ByteBuffer dst) {
    String t = text.trim();
    switch (type) {
      case FLOAT, COMPLEX64 -> dst.putFloat(Float.parseFloat(t));
      case DOUBLE -> dst.putDouble(Double.parseDouble(t));
      case INT32 -> dst.putInt((int) integer(t, Integer.MIN_VALUE, Integer.MAX_VALUE));
      case INT16 -> dst.putShort((short) integer(t, Short.MIN_VALUE, Short.MAX_VALUE));
      case UINT16 -> dst.putShort((short) integer(t, 0, 0xFFFF));
      case INT8 -> dst.put((byte) integer(t, Byte.MIN_VALUE, Byte.MAX_VALUE));
      case UINT8 -> dst.put((byte) integer(t, 0, 0xFF));
      case INT64 -> dst.putLong(new BigDecimal(t).longValueExact());
      case UINT32 -> dst.putInt((int) integer(t, 0, 0xFFFF_FFFFL));
      case UINT64 -> dst.putLong(Long.parseUnsignedLong(t));
      case BOOL -> dst.put(bool(t) ? (byte) 1 : (byte) 0);
      case HALF -> dst.putShort((short) Float16.fromFloat(Float.parseFloat(t)));
      case BFLOAT16 -> dst.putShort((short) Float16.bfloatFromFloat(Float.parseFloat(t)));
      default -> throw new IllegalArgumentException(type + " values cannot be written as text");
    }
  }

  /** Reads one value of {@code type} from {@code src} as text. */
  static String format(DType type, ByteBuffer src) {
    return switch (type) {
      case FLOAT, COMPLEX64 -> Float.toString(src.getFloat());
      case DOUBLE -> Double.toString(src.getDouble());
      case INT32 -> Integer.toString(src.getInt());
      case INT16 -> Short.toString(src.getShort());
      case UINT16 -> Integer.toString(src.getShort() & 0xFFFF);
      case INT8 -> Byte.toString(src.get());
      case UINT8 -> Integer.toString(src.get() & 0xFF);
      case INT64 -> Long.toString(src.getLong());
      case UINT32 -> Integer.toUnsignedString(src.getInt());
      case UINT64 -> Long.toUnsignedString(src.getLong());
      case BOOL -> Boolean.toString(src.get() != 0);
      case HALF -> Float.toString(Float16.toFloat(src.getShort() & 0xFFFF));
      case BFLOAT16 -> Float.toString(Float16.bfloatToFloat(src.getShort() & 0xFFFF));
      default -> throw new IllegalArgumentException(type + " values cannot be shown as text");
    };
  }

  private static long integer(String text, long min, long max) {
    long value = new BigDecimal(text).longValueExact();
    if (value < min || value > max) {
      throw new NumberFormatException(text + " is outside [" + min + ", " + max + "]");
    }
    return value;
  }

  private static boolean bool(String text) {
    return switch (text.toLowerCase(java.util.Locale.ROOT)) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw new IllegalArgumentException("'" + text + "' is not a boolean (true/false/1/0)");
    };
  }
}
