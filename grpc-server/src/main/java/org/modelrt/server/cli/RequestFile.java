package org.modelrt.server.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.modelrt.contract.DType;
import org.modelrt.serving.codec.TensorText;

/**
 * Requests written as JSON in the schema of {@code test-models/*}{@code /expected.json}: a top-level
 * {@code signature} and {@code tolerance}, and {@code cases}, each with {@code inputs} and optionally the expected
 * {@code outputs} (and its own {@code signature}). A tensor is {@code {"dtype": "DT_FLOAT", "shape": [1, 4],
 * "values": [...]}}; DT_STRING values are text, or base64 of the raw bytes with {@code "encoding": "base64"}.
 * Used by {@link PredictClient} and the load generator. Stateless.
 */
public final class RequestFile {
  /** Tolerance when the file gives none: float32 precision. */
  public static final double DEFAULT_TOLERANCE = 1e-5;

  private RequestFile() {}

  /**
   * One request and what it should answer.
   *
   * @param signature the signature to run; empty for the default
   * @param inputs tensors by name, in file order
   * @param outputs expected tensors by name; empty when the file has none
   */
  public record Case(String signature, Map<String, TensorText.Values> inputs, Map<String, TensorText.Values> outputs) {}

  /** A whole file. */
  public record Contents(double tolerance, List<Case> cases) {}

  /**
   * Reads a file.
   *
   * @throws IOException when it cannot be read
   * @throws IllegalArgumentException naming what in it is malformed
   */
  public static Contents read(Path file) throws IOException {
    try {
      JsonObject root = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
      String signature = root.has("signature") ? root.get("signature").getAsString() : "";
      double tolerance = root.has("tolerance") ? root.get("tolerance").getAsDouble() : DEFAULT_TOLERANCE;
      List<Case> cases = new ArrayList<>();
      for (JsonElement c : root.getAsJsonArray("cases")) {
        JsonObject o = c.getAsJsonObject();
        String s = o.has("signature") ? o.get("signature").getAsString() : signature;
        cases.add(new Case(s, tensors(o.getAsJsonObject("inputs")), tensors(o.getAsJsonObject("outputs"))));
      }
      return new Contents(tolerance, cases);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + " is not a request file: " + e.getMessage(), e);
    }
  }

  private static Map<String, TensorText.Values> tensors(JsonObject object) {
    Map<String, TensorText.Values> tensors = new LinkedHashMap<>();
    if (object != null) {
      object.entrySet().forEach(e -> tensors.put(e.getKey(), tensor(e.getKey(), e.getValue().getAsJsonObject())));
    }
    return tensors;
  }

  private static TensorText.Values tensor(String name, JsonObject t) {
    DType dtype = dtype(t.get("dtype").getAsString());
    JsonArray shape = t.getAsJsonArray("shape");
    long[] dims = new long[shape.size()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = shape.get(i).getAsLong();
    }
    boolean base64 = t.has("encoding") && t.get("encoding").getAsString().equals("base64");
    List<String> values = new ArrayList<>();
    for (JsonElement v : t.getAsJsonArray("values")) {
      values.add(dtype != DType.STRING ? v.getAsString()
          : TensorText.byteString(base64 ? Base64.getDecoder().decode(v.getAsString())
              : v.getAsString().getBytes(StandardCharsets.UTF_8)));
    }
    return new TensorText.Values(dtype, dims, values);
  }

  /** The dtype of a wire name such as {@code DT_FLOAT} (or {@code float}). */
  static DType dtype(String wireName) {
    String n = wireName.trim().toUpperCase(Locale.ROOT);
    try {
      return DType.valueOf(n.startsWith("DT_") ? n.substring(3) : n);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + wireName + "' is not a dtype (DT_FLOAT, DT_INT64, DT_STRING, ...)");
    }
  }
}
