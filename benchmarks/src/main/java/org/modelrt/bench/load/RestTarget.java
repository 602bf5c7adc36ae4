package org.modelrt.bench.load;

import com.google.gson.stream.JsonReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.modelrt.wire.tensor.TensorProto;

/**
 * TF Serving's REST predict as a {@link PredictTarget}: {@code POST /v1/models/{m}:predict} with the request's tensors
 * in the columnar form ({@code {"signature_name": ..., "inputs": {name: nested list}}}), built once from the same
 * TensorProtos the gRPC target sends, over {@link HttpTargets} (HTTP/1.1 keep-alive, one connection per outstanding
 * call; a non-200 answer, or one that is no JSON object with outputs, fails the call). Thread-safe.
 */
final class RestTarget {
  private RestTarget() {}

  static PredictTarget of(String target, RequestSpec spec, String modelName, long deadlineMillis) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + target + "/v1/models/" + modelName
            + ":predict"))
        .timeout(Duration.ofMillis(deadlineMillis))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body(spec))).build();
    return HttpTargets.of(HttpTargets.client(), request, response -> problem(response.body()));
  }

  /** Why a 200 answer is not TF Serving's: not a JSON object holding {@code outputs} (or row-form
   * {@code predictions}); {@code null} when it is. */
  static String problem(byte[] body) {
    try (JsonReader json = new JsonReader(new InputStreamReader(new ByteArrayInputStream(body),
        StandardCharsets.UTF_8))) {
      boolean outputs = false;
      json.beginObject();
      while (json.hasNext()) {
        String name = json.nextName();
        outputs |= name.equals("outputs") || name.equals("predictions");
        json.skipValue();
      }
      json.endObject();
      return outputs ? null : "the answer has no \"outputs\" (nor \"predictions\")";
    } catch (IOException | IllegalStateException e) {
      return "the answer is not a JSON object: " + e.getMessage();
    }
  }

  /** The columnar JSON body of {@code spec}. */
  static String body(RequestSpec spec) {
    if (spec.asContent()) {
      throw new IllegalArgumentException("--content does not apply to --protocol rest: JSON carries values");
    }
    StringBuilder json = new StringBuilder("{");
    if (!spec.signature().isEmpty()) {
      json.append("\"signature_name\": \"").append(spec.signature()).append("\", ");
    }
    json.append("\"inputs\": {");
    boolean first = true;
    for (Map.Entry<String, TensorProto> input : spec.g2("").getInputsMap().entrySet()) {
      json.append(first ? "" : ", ").append('"').append(input.getKey()).append("\": ");
      TensorProto t = input.getValue();
      int[] next = {0};
      values(json, t, 0, next);
      first = false;
    }
    return json.append("}}").toString();
  }

  private static void values(StringBuilder json, TensorProto t, int dim, int[] next) {
    if (dim == t.getTensorShape().getDimCount()) {
      int i = next[0]++;
      switch (t.getDtype()) {
        case DT_FLOAT -> json.append(t.getFloatVal(i));
        case DT_DOUBLE -> json.append(t.getDoubleVal(i));
        case DT_INT64 -> json.append(t.getInt64Val(i));
        case DT_BOOL -> json.append(t.getBoolVal(i));
        case DT_STRING -> json.append("{\"b64\": \"")
            .append(Base64.getEncoder().encodeToString(t.getStringVal(i).toByteArray())).append("\"}");
        default -> json.append(t.getIntVal(i));
      }
      return;
    }
    json.append('[');
    for (long k = 0; k < t.getTensorShape().getDim(dim).getSize(); k++) {
      json.append(k == 0 ? "" : ", ");
      values(json, t, dim + 1, next);
    }
    json.append(']');
  }
}
