package org.modelrt.engine;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.modelrt.contract.DType;

/**
 * A fixture's {@code expected.json} (schema in test-models/README.md): the cases a model must reproduce, or the text
 * its load error must contain. Values computed by the script that made the model, not by the code under test.
 *
 * @param signature the file's signature, null when each case names its own
 * @param loadErrorContains null for a model that must load
 * @param tolerance float outputs match within {@code tolerance * max(1, |expected|)}
 * @param cases the cases, in file order
 */
record ExpectedCases(String signature, String loadErrorContains, double tolerance, List<Case> cases) {

  /** One request and its response; inputs and outputs by name, in file order. */
  record Case(String signature, Map<String, CaseTensor> inputs, Map<String, CaseTensor> outputs) {}

  static ExpectedCases of(String fixture) {
    Path file = TestModelDirs.dir(fixture).resolve("expected.json");
    try {
      JsonObject root = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
      String signature = string(root, "signature");
      List<Case> cases = new ArrayList<>();
      for (JsonElement element : root.getAsJsonArray("cases")) {
        JsonObject c = element.getAsJsonObject();
        String own = string(c, "signature");
        cases.add(new Case(own != null ? own : signature, tensors(c, "inputs"), tensors(c, "outputs")));
      }
      return new ExpectedCases(
          signature, string(root, "load_error_contains"), root.get("tolerance").getAsDouble(), cases);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, CaseTensor> tensors(JsonObject c, String key) {
    Map<String, CaseTensor> byName = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> entry : c.getAsJsonObject(key).entrySet()) {
      byName.put(entry.getKey(), tensor(entry.getValue().getAsJsonObject()));
    }
    return byName;
  }

  private static CaseTensor tensor(JsonObject json) {
    String wireName = json.get("dtype").getAsString();
    DType dtype = DType.valueOf(wireName.substring("DT_".length()));
    JsonArray shapeJson = json.getAsJsonArray("shape");
    long[] shape = new long[shapeJson.size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = shapeJson.get(i).getAsLong();
    }
    JsonArray values = json.getAsJsonArray("values");
    Object data =
        switch (dtype) {
          case FLOAT, DOUBLE -> doubles(values);
          case STRING -> bytes(values);
          default -> longs(values);
        };
    return new CaseTensor(dtype, shape, data);
  }

  private static double[] doubles(JsonArray values) {
    double[] out = new double[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i).getAsDouble();
    }
    return out;
  }

  private static long[] longs(JsonArray values) {
    long[] out = new long[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i).getAsLong();
    }
    return out;
  }

  private static byte[][] bytes(JsonArray values) {
    byte[][] out = new byte[values.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = Base64.getDecoder().decode(values.get(i).getAsString());
    }
    return out;
  }

  private static String string(JsonObject object, String key) {
    JsonElement value = object.get(key);
    return value == null || value.isJsonNull() ? null : value.getAsString();
  }
}
