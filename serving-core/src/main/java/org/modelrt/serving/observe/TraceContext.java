package org.modelrt.serving.observe;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The caller's W3C trace context ({@code traceparent}: {@code version-traceid-parentid-flags}), as a gRPC metadata
 * entry or an HTTP header carries it. Immutable.
 *
 * @param traceId 32 lowercase hex digits, not all zero
 * @param parentId the caller's span id: 16 lowercase hex digits, not all zero
 * @param flags the trace flags (bit 0: sampled)
 */
public record TraceContext(String traceId, String parentId, byte flags) {
  /** The traceparent header's name (gRPC metadata keys and HTTP header names alike, lowercase). */
  public static final String HEADER = "traceparent";
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

  /**
   * Parses a {@code traceparent} value as the W3C Trace Context spec says: version 00 has exactly four fields; a later
   * version may add fields after the flags; version ff, uppercase hex and all-zero ids are invalid.
   *
   * @return the context, or empty for a missing or invalid value (the call then gets a fresh trace id)
   */
  public static Optional<TraceContext> fromTraceparent(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String v = value.trim();
    if (v.length() < 55 || v.charAt(2) != '-' || v.charAt(35) != '-' || v.charAt(52) != '-'
        || !hex(v, 0, 2) || v.startsWith("ff") || !hex(v, 3, 35) || !hex(v, 36, 52) || !hex(v, 53, 55)) {
      return Optional.empty();
    }
    if (v.startsWith("00") ? v.length() != 55 : v.length() > 55 && v.charAt(55) != '-') {
      return Optional.empty();
    }
    String traceId = v.substring(3, 35);
    String parentId = v.substring(36, 52);
    if (zero(traceId) || zero(parentId)) {
      return Optional.empty();
    }
    return Optional.of(new TraceContext(traceId, parentId, (byte) Integer.parseInt(v.substring(53, 55), 16)));
  }

  /** Whether the caller sampled this trace. */
  public boolean sampled() {
    return (flags & 1) != 0;
  }

  /** A fresh random trace id (32 lowercase hex digits, never all zero), for a call that came without one. */
  public static String newTraceId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long hi = random.nextLong();
    long lo = random.nextLong();
    if (hi == 0 && lo == 0) {
      lo = 1;
    }
    byte[] out = new byte[32];
    fill(out, 0, hi);
    fill(out, 16, lo);
    return new String(out, StandardCharsets.ISO_8859_1); // Latin-1 bytes become the string's own: no re-encoding
  }

  private static void fill(byte[] out, int at, long bits) {
    for (int i = 15; i >= 0; i--) {
      out[at + i] = HEX[(int) (bits & 0xf)];
      bits >>>= 4;
    }
  }

  private static boolean hex(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  private static boolean zero(String id) {
    for (int i = 0; i < id.length(); i++) {
      if (id.charAt(i) != '0') {
        return false;
      }
    }
    return true;
  }
}
