package org.modelrt.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/** How a message shows the JSON value at a parser's current token (TF Serving's names for JSON types). Stateless. */
final class JsonValues {
  /** A client's value is shown at most this long in a message. */
  private static final int SHOWN = 64;

  private JsonValues() {}

  static String describe(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == null) {
      return "(end of the body)"; // a body of white space only, or one cut short
    }
    if (t == JsonToken.START_OBJECT) {
      return "{...}";
    } else if (t == JsonToken.START_ARRAY) {
      return "[...]";
    }
    String text = p.getText();
    text = text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "...";
    return t == JsonToken.VALUE_STRING ? "\"" + text + "\"" : text;
  }

  static String typeName(JsonParser p) {
    JsonToken t = p.currentToken();
    if (t == null) {
      return "Null";
    }
    return switch (t) {
      case VALUE_NULL -> "Null";
      case VALUE_FALSE -> "False";
      case VALUE_TRUE -> "True";
      case START_OBJECT -> "Object";
      case START_ARRAY -> "Array";
      case VALUE_STRING -> "String";
      default -> "Number";
    };
  }
}
