package org.modelrt.http;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The check every fuzz target of this module makes on a refused body: the answer the front sends for the failure
 * ({@link RestService#error}) is a client error (400, or 501 for a dtype JSON cannot carry) whose {@code "error"} is
 * a reason in protocol terms: non-blank, under {@link #MAX_BYTES}, no Java text (package prefixes, exception class
 * names) outside the quoted caller text it may echo. Anything the front would answer 500 is a finding.
 */
public final class FuzzRefusals {
  /** The bound on a whole detail (the hardening issue's "under 1 KiB"). */
  static final int MAX_BYTES = 1024;

  private static final List<String> JAVA_TEXT = List.of("java.", "com.", "org.", "Exception");
  private static final JsonFactory JSON = new JsonFactory();

  private FuzzRefusals() {}

  /** @throws AssertionError naming what is wrong, with the failure as its cause */
  public static void check(Throwable failure, String method, byte[] input) {
    Answer answer = RestService.error(failure, method, UnpooledByteBufAllocator.DEFAULT);
    String message;
    try {
      message = errorText(ByteBufUtil.getBytes(answer.body()));
    } finally {
      answer.body().release();
    }
    if (answer.status() != 400 && answer.status() != 501) {
      throw new AssertionError("answered " + answer.status() + ": " + message, failure);
    }
    if (message == null || message.isBlank()) {
      throw new AssertionError("a refusal without a reason", failure);
    }
    if (message.getBytes(UTF_8).length > MAX_BYTES) {
      throw new AssertionError("a refusal over " + MAX_BYTES + " bytes: " + message.substring(0, 300) + "...",
          failure);
    }
    String ours = withoutQuoted(message);
    for (String java : JAVA_TEXT) {
      if (ours.contains(java) && !sent(input, java)) {
        throw new AssertionError("a refusal in Java terms (" + java + "): " + message, failure);
      }
    }
  }

  /** The {@code "error"} member of the front's answer. */
  private static String errorText(byte[] body) {
    try (JsonParser p = JSON.createParser(body)) {
      p.nextToken();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        if (name.equals("error")) {
          return p.getText();
        }
        p.skipChildren();
      }
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("the front's error answer is not JSON: " + new String(body, UTF_8), e);
    }
  }

  /** Whether the caller's bytes hold {@code text} themselves (fuzzed input often does: the fuzzer learns it here). */
  static boolean sent(byte[] input, String text) {
    return new String(input, java.nio.charset.StandardCharsets.ISO_8859_1).contains(text);
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
