package org.modelrt.engine;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.modelrt.contract.Contract;
import org.modelrt.contract.DType;
import org.modelrt.contract.Field;
import org.modelrt.contract.Shape;
import org.modelrt.contract.Signature;

/**
 * Reads the {@code signature.json} a TorchScript archive carries as an extra file: the one signature of the model.
 *
 * <pre>{"name": "serving_default",   (optional)
 *  "inputs":  [{"name": "x", "dtype": "DT_FLOAT", "shape": [-1, 4]}],   (in forward() argument order)
 *  "outputs": [{"name": "y", "dtype": "DT_FLOAT", "shape": [-1, 3]}]}   (in the order forward returns them)</pre>
 *
 * <p>A field without {@code shape} has any rank. Stateless.
 */
final class TorchScriptSignature {
  /** What to write, shown in every message about a missing or broken signature. */
  static final String FORMAT =
      "{\"inputs\":[{\"name\":\"x\",\"dtype\":\"DT_FLOAT\",\"shape\":[-1,4]}],"
          + "\"outputs\":[{\"name\":\"y\",\"dtype\":\"DT_FLOAT\",\"shape\":[-1,3]}]}";

  private TorchScriptSignature() {}

  /**
   * Parses the file.
   *
   * @param json the file's text
   * @param source where it came from, for messages
   * @throws ModelLoadException naming what is wrong
   */
  static Signature parse(String json, String source) throws ModelLoadException {
    try {
      JsonObject root = JsonParser.parseString(json).getAsJsonObject();
      String name = root.has("name") ? root.get("name").getAsString() : Contract.SERVING_DEFAULT;
      return new Signature(name, fields(root, "inputs"), fields(root, "outputs"));
    } catch (JsonParseException | IllegalStateException | IllegalArgumentException | UnsupportedOperationException e) {
      throw new ModelLoadException(
          source + " is not a valid signature: " + e.getMessage() + "; expected the form " + FORMAT, e);
    }
  }

  private static List<Field> fields(JsonObject root, String key) {
    JsonElement list = root.get(key);
    if (list == null || !list.isJsonArray()) {
      throw new IllegalArgumentException("'" + key + "' is missing or not a list");
    }
    List<Field> fields = new ArrayList<>();
    for (JsonElement element : list.getAsJsonArray()) {
      JsonObject field = element.getAsJsonObject();
      String name = required(field, "name", key);
      fields.add(Field.tensor(name, dtype(required(field, "dtype", key + " '" + name + "'")), shape(field)));
    }
    return fields;
  }

  private static String required(JsonObject field, String member, String where) {
    JsonElement value = field.get(member);
    if (value == null || !value.isJsonPrimitive()) {
      throw new IllegalArgumentException(where + " has no '" + member + "'");
    }
    return value.getAsString();
  }

  private static DType dtype(String wireName) {
    return Arrays.stream(DType.values())
        .filter(t -> t.wireName().equals(wireName))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown dtype '" + wireName + "' (e.g. DT_FLOAT)"));
  }

  private static Shape shape(JsonObject field) {
    JsonElement shape = field.get("shape");
    if (shape == null || shape.isJsonNull()) {
      return Shape.unknownRank();
    }
    JsonArray dims = shape.getAsJsonArray();
    long[] sizes = new long[dims.size()];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = dims.get(i).getAsLong();
    }
    return Shape.of(sizes);
  }
}
