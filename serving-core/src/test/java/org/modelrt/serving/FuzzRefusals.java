package org.modelrt.serving;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The check every fuzz target of this module makes on a refusal's message: what a caller or operator reads must be
 * a reason in protocol terms, not Java. Non-blank, under {@link #MAX_BYTES}, and no Java text (package prefixes,
 * exception class names) outside the quoted caller text it may echo (a fuzzed value such as {@code 'org.x'} is the
 * caller's, not a leak).
 */
public final class FuzzRefusals {
  /** The bound on a whole detail (the hardening issue's "under 1 KiB"). */
  public static final int MAX_BYTES = 1024;

  private static final List<String> JAVA_TEXT = List.of("java.", "com.", "org.", "Exception");

  private FuzzRefusals() {}

  /**
   * @param input what was read: Java text it holds itself is the caller's, echoed, not a leak
   * @param mustContain texts the message must name (a field, a file); none for no such check
   * @throws AssertionError naming what is wrong, with the refusal as its cause
   */
  public static void check(Throwable refused, byte[] input, String... mustContain) {
    checkText(refused.getMessage(), refused, input, mustContain);
  }

  /**
   * {@link #check} on the text a front answers for {@code refused} (its own error body), not the exception's.
   *
   * @throws AssertionError naming what is wrong, with the refusal as its cause
   */
  public static void checkText(String message, Throwable refused, byte[] input, String... mustContain) {
    if (message == null || message.isBlank()) {
      throw new AssertionError("a refusal without a reason", refused);
    }
    if (message.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      throw new AssertionError("a refusal over " + MAX_BYTES + " bytes: " + message.substring(0, 300) + "...",
          refused);
    }
    String ours = withoutQuoted(message);
    for (String java : JAVA_TEXT) {
      if (ours.contains(java) && !sent(input, java)) {
        throw new AssertionError("a refusal in Java terms (" + java + "): " + message, refused);
      }
    }
    for (String name : mustContain) {
      if (!message.contains(name)) {
        throw new AssertionError("a refusal that does not name " + name + ": " + message, refused);
      }
    }
  }

  /** Whether the caller's bytes hold {@code text} themselves (fuzzed input often does: the fuzzer learns it here). */
  static boolean sent(byte[] input, String text) {
    return new String(input, StandardCharsets.ISO_8859_1).contains(text);
  }

  /** The message with each '...' or "..." span (caller text, as messages quote it) cut out. */
  static String withoutQuoted(String message) {
    StringBuilder ours = new StringBuilder(message.length());
    char open = 0;
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      if (open == 0 && (c == '\'' || c == '"')) {
        open = c;
      } else if (open != 0 && c == open) {
        open = 0;
      } else if (open == 0) {
        ours.append(c);
      }
    }
    return ours.toString();
  }
}
