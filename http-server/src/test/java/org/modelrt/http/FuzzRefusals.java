package org.modelrt.http;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The check every fuzz target of this module makes on a refused body: the answer the front sends for the failure
 * ({@link RestService#error}) is a client error (400, or 501 for a dtype JSON cannot carry) whose {@code "error"} is
 * a reason in protocol terms, checked as serving-core's {@link org.modelrt.serving.FuzzRefusals} checks a refusal's
 * text. Anything the front would answer 500 is a finding.
 */
public final class FuzzRefusals {
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
    org.modelrt.serving.FuzzRefusals.checkText(message, failure, input);
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
}
