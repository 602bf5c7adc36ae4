package org.modelrt.serving.observe;

/**
 * Builds one JSON object on one line, escaping strings as RFC 8259 requires (quote, backslash, control characters;
 * everything else passes as UTF-16, which the writer encodes as UTF-8). Not thread-safe: one per writer thread.
 */
final class JsonLine {
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private final StringBuilder out = new StringBuilder(512);
  private boolean first;

  JsonLine begin() {
    out.setLength(0);
    out.append('{');
    first = true;
    return this;
  }

  JsonLine field(String name, String value) {
    key(name);
    if (value == null) {
      out.append("null");
    } else {
      string(value);
    }
    return this;
  }

  JsonLine field(String name, long value) {
    key(name);
    out.append(value);
    return this;
  }

  /** A fixed-point number with three decimals, e.g. milliseconds from nanoseconds (never an exponent). */
  JsonLine millis(String name, long nanos) {
    key(name);
    long micros = Math.max(0, nanos / 1000);
    out.append(micros / 1000).append('.');
    long frac = micros % 1000;
    if (frac < 100) {
      out.append('0');
    }
    if (frac < 10) {
      out.append('0');
    }
    out.append(frac);
    return this;
  }

  String end() {
    return out.append('}').append('\n').toString();
  }

  private void key(String name) {
    if (!first) {
      out.append(',');
    }
    first = false;
    string(name);
    out.append(':');
  }

  private void string(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) { // the two line separators break line-oriented readers
            out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf])
                .append(HEX[c & 0xf]);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
