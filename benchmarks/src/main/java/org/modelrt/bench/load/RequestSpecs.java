package org.modelrt.bench.load;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.modelrt.contract.DType;
import org.modelrt.contract.Field;
import org.modelrt.contract.Signature;
import org.modelrt.wire.tensor.TensorProto;

/**
 * The three ways to describe the request a load run sends: a JSON file, command-line tensors, or a signature of the
 * model's contract (all ones, every -1 dim taken as 1). Stateless.
 *
 * <p>The JSON file uses the test-models {@code expected.json} schema: either a whole expected.json (one of its
 * {@code cases} is sent) or just {@code {"signature": ..., "inputs": {...}}}. A tensor is
 * {@code {"dtype": "DT_FLOAT", "shape": [1, 4], "values": [...]}}; DT_STRING values are base64
 * ({@code "encoding": "base64"}), as in expected.json.
 */
public final class RequestSpecs {
  private RequestSpecs() {}

  public static RequestSpec fromJson(Path file, int caseIndex, boolean asContent) throws IOException {
    JsonObject root = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    String signature = root.has("signature") ? root.get("signature").getAsString() : "";
    JsonObject request = root;
    if (root.has("cases")) {
      JsonArray cases = root.getAsJsonArray("cases");
      if (caseIndex < 0 || caseIndex >= cases.size()) {
        throw new IllegalArgumentException(file + ": case " + caseIndex + " asked, the file has " + cases.size());
      }
      request = cases.get(caseIndex).getAsJsonObject();
      signature = request.has("signature") ? request.get("signature").getAsString() : signature;
    }
    if (!request.has("inputs")) {
      throw new IllegalArgumentException(file + ": no \"inputs\" object (expected.json schema, test-models/README.md)");
    }
    Map<String, TensorProto> inputs = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> e : request.getAsJsonObject("inputs").entrySet()) {
      inputs.put(e.getKey(), jsonTensor(e.getKey(), e.getValue().getAsJsonObject(), asContent));
    }
    return new RequestSpec(signature, inputs);
  }

  /**
   * Tensors written as {@code NAME:DTYPE:SHAPE[=VALUES]}, e.g. {@code x:DT_FLOAT:1x4=1,2,3,4}; without values, all
   * ones. String values are taken as UTF-8.
   */
  public static RequestSpec fromCli(String signature, List<String> tensors, boolean asContent) {
    Map<String, TensorProto> inputs = new LinkedHashMap<>();
    for (String text : tensors) {
      String[] valueSplit = text.split("=", 2);
      String[] parts = valueSplit[0].split(":");
      if (parts.length != 3) {
        throw new IllegalArgumentException("--input '" + text + "': expected NAME:DTYPE:SHAPE[=VALUES], e.g."
            + " x:DT_FLOAT:1x4=1,2,3,4");
      }
      List<String> values = valueSplit.length == 2 ? List.of(valueSplit[1].split(",")) : List.of();
      inputs.put(parts[0], tensor(parts[0], dtype(parts[1]), cliShape(parts[2]), values, asContent));
    }
    return new RequestSpec(signature, inputs);
  }

  /** All ones of the signature's input shapes, each -1 (and an unknown rank) taken as 1. */
  public static RequestSpec fromSignature(Signature signature, boolean asContent) {
    Map<String, TensorProto> inputs = new LinkedHashMap<>();
    for (Field f : signature.inputs()) {
      long[] dims = f.shape().hasKnownRank() ? f.shape().dims().clone() : new long[] {1};
      for (int i = 0; i < dims.length; i++) {
        dims[i] = dims[i] < 0 ? 1 : dims[i];
      }
      inputs.put(f.name(), tensor(f.name(), f.dtype(), dims, List.of(), asContent));
    }
    return new RequestSpec(signature.name(), inputs);
  }

  private static TensorProto jsonTensor(String name, JsonObject t, boolean asContent) {
    DType dtype = dtype(t.get("dtype").getAsString());
    JsonArray shapeJson = t.getAsJsonArray("shape");
    long[] shape = new long[shapeJson.size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = shapeJson.get(i).getAsLong();
    }
    List<String> values = new ArrayList<>();
    t.getAsJsonArray("values").forEach(v -> values.add(v.getAsString()));
    if (dtype == DType.STRING) {
      List<ByteString> bytes = new ArrayList<>();
      values.forEach(v -> bytes.add(ByteString.copyFrom(Base64.getDecoder().decode(v))));
      return TensorProtos.strings(name, shape, bytes);
    }
    return TensorProtos.numeric(name, dtype, shape, values, asContent);
  }

  private static TensorProto tensor(String name, DType dtype, long[] shape, List<String> values, boolean asContent) {
    if (dtype == DType.STRING) {
      return TensorProtos.strings(name, shape, values.stream().map(ByteString::copyFromUtf8).toList());
    }
    return TensorProtos.numeric(name, dtype, shape, values, asContent);
  }

  private static DType dtype(String name) {
    String bare = name.startsWith("DT_") ? name.substring(3) : name;
    try {
      return DType.valueOf(bare);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + name + "' is not a dtype; use a wire name such as DT_FLOAT", e);
    }
  }

  private static long[] cliShape(String text) {
    if (text.isEmpty()) {
      return new long[0];
    }
    String[] dims = text.split("x");
    long[] shape = new long[dims.length];
    for (int i = 0; i < dims.length; i++) {
      shape[i] = Long.parseLong(dims[i].trim());
    }
    return shape;
  }
}
