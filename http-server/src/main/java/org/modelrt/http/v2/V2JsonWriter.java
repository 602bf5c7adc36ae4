package org.modelrt.http.v2;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.modelrt.serving.Prediction;
import org.modelrt.serving.v2.V2DataType;
import org.modelrt.serving.v2.V2Metadata;
import org.modelrt.serving.v2.V2Tensors;
import org.modelrt.wire.tensor.TensorProto;

/**
 * The JSON bodies of the v2 REST API, as the Open Inference Protocol's REST spec and OpenAPI document give them:
 * inference response (with the binary tensor data extension's trailing section), server and model metadata,
 * health, model readiness, and {@code {"error": ...}}. Written with Jackson's streaming generator. Thread-safe.
 */
public final class V2JsonWriter {
  private static final JsonFactory JSON = new JsonFactory();

  private V2JsonWriter() {}

  /**
   * A response body: the JSON, followed by binary output data when {@code jsonLength < bytes.length}.
   *
   * @param jsonLength the {@code Inference-Header-Content-Length} to send when there is binary data
   */
  public record Body(byte[] bytes, int jsonLength) {
    /** Whether binary data follows the JSON (then the content type is {@code application/octet-stream}). */
    public boolean hasBinary() {
      return jsonLength < bytes.length;
    }
  }

  /** Writes JSON with {@code content}. */
  @FunctionalInterface
  interface Content {
    void write(JsonGenerator g) throws IOException;
  }

  /**
   * The inference response: {@code model_name}, {@code model_version}, the request's {@code id} (when it had one),
   * and each output with {@code data}, or with {@code parameters.binary_data_size} and its bytes after the JSON when
   * the request asked for binary (FP16/BF16 outputs are always binary: they have no JSON form).
   */
  public static Body inferResponse(V2InferRequest request, Prediction<TensorProto> prediction) {
    List<ByteString> binary = new ArrayList<>();
    byte[] json = json(g -> {
      g.writeStringField("model_name", prediction.model());
      g.writeStringField("model_version", Long.toString(prediction.version()));
      if (!request.id().isEmpty()) {
        g.writeStringField("id", request.id());
      }
      g.writeArrayFieldStart("outputs");
      for (Map.Entry<String, TensorProto> e : prediction.outputs().entrySet()) {
        TensorProto t = e.getValue();
        V2DataType type = V2Tensors.datatypeOf(e.getKey(), t);
        ByteString raw = V2Tensors.rawOf(t, type);
        g.writeStartObject();
        g.writeStringField("name", e.getKey());
        g.writeStringField("datatype", type.name());
        g.writeArrayFieldStart("shape");
        for (long d : V2Tensors.shapeOf(t)) {
          g.writeNumber(d);
        }
        g.writeEndArray();
        if (request.binary(e.getKey()) || !type.hasTypedForm()) {
          g.writeObjectFieldStart("parameters");
          g.writeNumberField("binary_data_size", raw.size());
          g.writeEndObject();
          binary.add(raw);
        } else {
          g.writeFieldName("data");
          V2JsonData.write(g, type, t, raw);
        }
        g.writeEndObject();
      }
      g.writeEndArray();
    });
    if (binary.isEmpty()) {
      return new Body(json, json.length);
    }
    ByteString all = ByteString.copyFrom(json);
    for (ByteString b : binary) {
      all = all.concat(b);
    }
    return new Body(all.toByteArray(), json.length);
  }

  /** {@code GET /v2}: {@code {"name", "version", "extensions"}}. */
  public static byte[] serverMetadata(String name, String version, List<String> extensions) {
    return json(g -> {
      g.writeStringField("name", name);
      g.writeStringField("version", version);
      g.writeArrayFieldStart("extensions");
      for (String e : extensions) {
        g.writeString(e);
      }
      g.writeEndArray();
    });
  }

  /** {@code GET /v2/models/{m}[/versions/{v}]}. */
  public static byte[] modelMetadata(V2Metadata m) {
    return json(g -> {
      g.writeStringField("name", m.name());
      g.writeArrayFieldStart("versions");
      for (String v : m.versions()) {
        g.writeString(v);
      }
      g.writeEndArray();
      g.writeStringField("platform", m.platform());
      tensors(g, "inputs", m.inputs());
      tensors(g, "outputs", m.outputs());
    });
  }

  /** {@code GET /v2/health/live}: {@code {"live": bool}}. */
  public static byte[] live(boolean live) {
    return json(g -> g.writeBooleanField("live", live));
  }

  /** {@code GET /v2/health/ready}: {@code {"ready": bool}}. */
  public static byte[] ready(boolean ready) {
    return json(g -> g.writeBooleanField("ready", ready));
  }

  /** {@code GET /v2/models/{m}[/versions/{v}]/ready}: {@code {"name", "ready"}}. */
  public static byte[] modelReady(String name, boolean ready) {
    return json(g -> {
      g.writeStringField("name", name);
      g.writeBooleanField("ready", ready);
    });
  }

  /** Any failure: {@code {"error": message}}. */
  public static byte[] error(String message) {
    return json(g -> g.writeStringField("error", message));
  }

  private static void tensors(JsonGenerator g, String field, List<V2Metadata.TensorMetadata> tensors)
      throws IOException {
    g.writeArrayFieldStart(field);
    for (V2Metadata.TensorMetadata t : tensors) {
      g.writeStartObject();
      g.writeStringField("name", t.name());
      g.writeStringField("datatype", t.datatype());
      g.writeArrayFieldStart("shape");
      for (long d : t.shape()) {
        g.writeNumber(d);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static byte[] json(Content content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      content.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory", e);
    }
    return out.toByteArray();
  }
}
