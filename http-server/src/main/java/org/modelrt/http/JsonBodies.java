package org.modelrt.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;

/**
 * The one JSON configuration of the front: bodies are read straight from the request's buffer (no copy into a
 * String or array) and written straight into the response's; {@code NaN} and {@code Infinity} are accepted (TF
 * Serving's rapidjson flag {@code kParseNanAndInfFlag}); nesting is limited to {@link #MAX_DEPTH} (the stack of a
 * hostile body stays small); duplicate keys are refused. Output is TF Serving's documented spacing:
 * {@code {"predictions": [2.5, 3.0, 4.5]}}. Thread-safe (the factory is).
 */
final class JsonBodies {
  /** The deepest nesting accepted: far above any tensor's rank plus the request's own levels. */
  static final int MAX_DEPTH = 100;

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
      // Strings (base64 images) are bounded by --max-message-bytes, not by Jackson's 20 MB default.
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
          .maxStringLength(Integer.MAX_VALUE).build())
      .build();

  private JsonBodies() {}

  /** A parser reading {@code body} in place; the buffer is not consumed. */
  static JsonParser parser(ByteBuf body) throws IOException {
    return FACTORY.createParser((java.io.InputStream) new ByteBufInputStream(body.duplicate()));
  }

  /** A generator writing into {@code out}, with TF Serving's spacing. Close it to flush. */
  static JsonGenerator generator(ByteBuf out) throws IOException {
    JsonGenerator g = FACTORY.createGenerator((java.io.OutputStream) new ByteBufOutputStream(out));
    g.setPrettyPrinter(new Spaced());
    return g;
  }

  /** One space after each colon and comma, no line breaks. */
  private static final class Spaced extends MinimalPrettyPrinter {
    private static final long serialVersionUID = 1L;

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(": ");
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
      g.writeRaw(", ");
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(", ");
    }
  }
}
