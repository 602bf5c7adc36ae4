package org.modelrt.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Two JSON texts compared token by token, numbers by their exact text ({@code 3.0} is not {@code 3}) and whitespace
 * ignored, object keys in order: what a golden comparison needs. Stateless.
 */
final class JsonTokens {
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  private JsonTokens() {}

  /**
   * The JSON as a tree with objects as sorted maps (key order ignored: JSON objects are unordered) and scalars as
   * their token type and exact text.
   */
  static Object tree(String json) throws IOException {
    try (JsonParser p = FACTORY.createParser(json)) {
      p.nextToken();
      return tree(p);
    }
  }

  private static Object tree(JsonParser p) throws IOException {
    if (p.currentToken() == JsonToken.START_OBJECT) {
      java.util.TreeMap<String, Object> map = new java.util.TreeMap<>();
      while (p.nextToken() != JsonToken.END_OBJECT) {
        String key = p.currentName();
        p.nextToken();
        map.put(key, tree(p));
      }
      return map;
    } else if (p.currentToken() == JsonToken.START_ARRAY) {
      List<Object> list = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        list.add(tree(p));
      }
      return list;
    }
    return p.currentToken().name() + " " + p.getText();
  }

  static List<String> of(String json) throws IOException {
    List<String> tokens = new ArrayList<>();
    try (JsonParser p = FACTORY.createParser(json)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        tokens.add(t.isScalarValue() || t == JsonToken.FIELD_NAME ? t.name() + " " + p.getText() : t.name());
      }
    }
    return tokens;
  }
}
