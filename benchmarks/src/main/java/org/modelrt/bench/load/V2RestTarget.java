package org.modelrt.bench.load;

import com.google.gson.Gson;
import com.google.gson.stream.JsonReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalLong;
import org.modelrt.wire.tensor.TensorProto;

/**
 * The Open Inference Protocol's (KServe v2) REST infer as a {@link PredictTarget}: {@code POST
 * /v2/models/{m}/infer}, the body built once from the same tensors the gRPC targets send. Without {@code --content}
 * plain JSON ({@code {"inputs": [{"name", "shape", "datatype", "data"}]}}, data flat and row-major); with it the binary
 * tensor data extension: the JSON header, whose inputs carry {@code parameters.binary_data_size} instead of data and
 * which asks {@code binary_data_output}, then every input's raw little-endian bytes, the header's length in
 * {@code Inference-Header-Content-Length}. A signature other than the default travels as the request parameter
 * {@code signature_name}, modelrt's mapping. Each 200 answer is parsed: at least one output, every output with data
 * or a binary size, the binary sizes adding up to the bytes after the JSON. Thread-safe.
 */
final class V2RestTarget {
  static final String HEADER_LENGTH = "Inference-Header-Content-Length";
  private static final Gson GSON = new Gson();

  private V2RestTarget() {}

  /** A prepared request body: the bytes, and the JSON header's length when binary data follows (else -1). */
  record Body(byte[] bytes, int headerLength) {}

  static PredictTarget of(String target, RequestSpec spec, String modelName, long deadlineMillis) {
    Body body = body(spec);
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + target + "/v2/models/" + modelName
            + "/infer"))
        .timeout(Duration.ofMillis(deadlineMillis))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()));
    if (body.headerLength() >= 0) {
      request.header("Content-Type", "application/octet-stream")
          .header(HEADER_LENGTH, Integer.toString(body.headerLength()));
    } else {
      request.header("Content-Type", "application/json");
    }
    boolean binaryAnswer = body.headerLength() >= 0;
    return HttpTargets.of(HttpTargets.client(), request.build(), response -> problem(response, binaryAnswer));
  }

  /** The request body of {@code spec}: JSON, or with {@code spec.asContent()} the binary extension's form. */
  static Body body(RequestSpec spec) {
    V2Inputs v2 = V2Inputs.of(spec);
    boolean binary = spec.asContent();
    StringBuilder json = new StringBuilder("{");
    if (!v2.signature().isEmpty() || binary) {
      json.append("\"parameters\":{");
      if (!v2.signature().isEmpty()) {
        json.append("\"signature_name\":").append(GSON.toJson(v2.signature())).append(binary ? "," : "");
      }
      json.append(binary ? "\"binary_data_output\":true" : "").append("},");
    }
    json.append("\"inputs\":[");
    for (int i = 0; i < v2.inputs().size(); i++) {
      V2Inputs.Input input = v2.inputs().get(i);
      json.append(i == 0 ? "" : ",").append("{\"name\":").append(GSON.toJson(input.name())).append(",\"shape\":[");
      for (int d = 0; d < input.shape().length; d++) {
        json.append(d == 0 ? "" : ",").append(input.shape()[d]);
      }
      json.append("],\"datatype\":\"").append(input.datatype()).append("\",");
      if (binary) {
        json.append("\"parameters\":{\"binary_data_size\":").append(input.raw().length).append("}}");
      } else {
        json.append("\"data\":");
        data(json, input);
        json.append('}');
      }
    }
    byte[] header = json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    if (!binary) {
      return new Body(header, -1);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(header.length + (int) v2.rawBytes());
    out.writeBytes(header);
    v2.inputs().forEach(input -> out.writeBytes(input.raw()));
    return new Body(out.toByteArray(), header.length);
  }

  /** The flat JSON {@code data} of an input, from its typed values. BYTES go as strings (UTF-8 taken as text). */
  private static void data(StringBuilder json, V2Inputs.Input input) {
    TensorProto t = input.typed();
    json.append('[');
    switch (t.getDtype()) {
      case DT_FLOAT -> join(json, t.getFloatValCount(), i -> json.append(t.getFloatVal(i)));
      case DT_DOUBLE -> join(json, t.getDoubleValCount(), i -> json.append(t.getDoubleVal(i)));
      case DT_INT64 -> join(json, t.getInt64ValCount(), i -> json.append(t.getInt64Val(i)));
      case DT_UINT32 -> join(json, t.getUint32ValCount(),
          i -> json.append(Integer.toUnsignedString(t.getUint32Val(i))));
      case DT_UINT64 -> join(json, t.getUint64ValCount(),
          i -> json.append(Long.toUnsignedString(t.getUint64Val(i))));
      case DT_BOOL -> join(json, t.getBoolValCount(), i -> json.append(t.getBoolVal(i)));
      case DT_STRING -> join(json, t.getStringValCount(),
          i -> json.append(GSON.toJson(t.getStringVal(i).toStringUtf8())));
      case DT_INT32, DT_INT16, DT_INT8, DT_UINT16, DT_UINT8 ->
          join(json, t.getIntValCount(), i -> json.append(t.getIntVal(i)));
      default -> throw new IllegalArgumentException("input '" + input.name() + "': " + input.datatype()
          + " has no JSON form in v2 (it travels raw only); add --content");
    }
    json.append(']');
  }

  private static void join(StringBuilder json, int count, java.util.function.IntConsumer element) {
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        json.append(',');
      }
      element.accept(i);
    }
  }

  /**
   * Why a 200 answer is not a good v2 infer answer; {@code null} when it is.
   *
   * @param binaryAsked the request asked {@code binary_data_output}: the answer must use the binary extension
   */
  static String problem(HttpResponse<byte[]> response, boolean binaryAsked) {
    byte[] body = response.body();
    OptionalLong header = response.headers().firstValueAsLong(HEADER_LENGTH);
    if (binaryAsked && header.isEmpty()) {
      return "binary_data_output was asked, the answer has no " + HEADER_LENGTH + " header";
    }
    long jsonLength = header.orElse(body.length);
    if (jsonLength < 0 || jsonLength > body.length) {
      return HEADER_LENGTH + " is " + jsonLength + ", the body has " + body.length + " bytes";
    }
    return problem(body, (int) jsonLength);
  }

  /** {@link #problem(HttpResponse, boolean)} on a body whose first {@code jsonLength} bytes are the JSON. */
  static String problem(byte[] body, int jsonLength) {
    try (JsonReader json = new JsonReader(new InputStreamReader(new ByteArrayInputStream(body, 0, jsonLength),
        StandardCharsets.UTF_8))) {
      int outputs = 0;
      long binaryBytes = 0;
      json.beginObject();
      while (json.hasNext()) {
        if (!json.nextName().equals("outputs")) {
          json.skipValue();
          continue;
        }
        json.beginArray();
        while (json.hasNext()) {
          long size = output(json);
          if (size == -2) {
            return "outputs[" + outputs + "] has neither data nor parameters.binary_data_size";
          }
          binaryBytes += Math.max(size, 0);
          outputs++;
        }
        json.endArray();
      }
      json.endObject();
      if (outputs == 0) {
        return "the answer has no outputs";
      }
      long after = body.length - jsonLength;
      return binaryBytes == after ? null
          : "the outputs' binary_data_size add up to " + binaryBytes + " bytes, " + after + " follow the JSON";
    } catch (IOException | IllegalStateException | NumberFormatException e) {
      return "the answer's JSON is not a v2 infer response: " + e.getMessage();
    }
  }

  /** Reads one output object: its binary_data_size, -1 when it carries JSON data, -2 when neither. */
  private static long output(JsonReader json) throws IOException {
    long size = -2;
    json.beginObject();
    while (json.hasNext()) {
      String name = json.nextName();
      if (name.equals("data")) {
        size = Math.max(size, -1);
        json.skipValue();
      } else if (name.equals("parameters")) {
        json.beginObject();
        while (json.hasNext()) {
          if (json.nextName().equals("binary_data_size")) {
            size = json.nextLong();
          } else {
            json.skipValue();
          }
        }
        json.endObject();
      } else {
        json.skipValue();
      }
    }
    json.endObject();
    return size;
  }
}
