package org.modelrt.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.modelrt.engine.CallerDeadline;
import org.modelrt.serving.ModelRef;
import org.modelrt.serving.PredictPipeline;
import org.modelrt.serving.example.ExampleInference;
import org.modelrt.wire.example.BytesList;
import org.modelrt.wire.example.Example;
import org.modelrt.wire.example.Feature;
import org.modelrt.wire.example.Features;
import org.modelrt.wire.example.FloatList;
import org.modelrt.wire.example.Int64List;
import org.modelrt.wire.tfserving.Class;
import org.modelrt.wire.tfserving.ClassificationResult;
import org.modelrt.wire.tfserving.Classifications;
import org.modelrt.wire.tfserving.ExampleList;
import org.modelrt.wire.tfserving.ExampleListWithContext;
import org.modelrt.wire.tfserving.Input;
import org.modelrt.wire.tfserving.Regression;
import org.modelrt.wire.tfserving.RegressionResult;

/**
 * TF Serving's REST {@code :classify} and {@code :regress} over the core's {@link ExampleInference}: {@code
 * {"signature_name"?, "context"?: {feature: value|list}, "examples": [{feature: value|list}, ...]}} to tf.Examples
 * (integers to int64_list, any decimal to float_list, strings and {@code {"b64": ...}} to bytes_list, as TF Serving's
 * json_tensor.cc maps them), answered {@code {"results": [[[label, score], ...], ...]}} or {@code {"results": [v,
 * ...]}}. Thread-safe.
 */
final class ExampleJson implements ExampleMethods {
  private final ExampleInference inference;

  ExampleJson(PredictPipeline pipeline) {
    this.inference = new ExampleInference(pipeline);
  }

  @Override
  public Answer answer(String method, ModelRef model, ByteBuf body, CallerDeadline caller, ByteBufAllocator alloc)
      throws Exception {
    Request request = read(body);
    String signature = request.signature();
    Input input = request.input();
    ByteBuf out = alloc.buffer();
    try (JsonGenerator g = JsonBodies.generator(out)) {
      g.writeStartObject();
      g.writeArrayFieldStart("results");
      if (method.equals("classify")) {
        ClassificationResult result = inference.classify(model, signature, input, caller).result();
        for (Classifications c : result.getClassificationsList()) {
          g.writeStartArray();
          for (Class k : c.getClassesList()) {
            g.writeStartArray();
            g.writeString(k.getLabel());
            g.writeNumber(k.getScore());
            g.writeEndArray();
          }
          g.writeEndArray();
        }
      } else {
        RegressionResult result = inference.regress(model, signature, input, caller).result();
        for (Regression r : result.getRegressionsList()) {
          g.writeNumber(r.getValue());
        }
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException | RuntimeException e) {
      out.release();
      throw e;
    }
    return new Answer(200, Answer.JSON, out);
  }

  /** A body as read: the signature asked for (empty: the default) and the examples, with their context if any. */
  record Request(String signature, Input input) {}

  /**
   * Reads a {@code :classify} / {@code :regress} body.
   *
   * @throws JsonRequestException for a body that is not such a request, naming what is wrong
   * @throws IOException Jackson's parse errors, which the front answers 400
   */
  static Request read(ByteBuf body) throws IOException {
    String signature = "";
    Example context = null;
    List<Example> examples = null;
    try (JsonParser p = JsonBodies.parser(body)) {
      expect(p.nextToken() == JsonToken.START_OBJECT, "the request body must be a JSON object");
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "signature_name" -> {
            expect(value == JsonToken.VALUE_STRING, "'signature_name' must be a string");
            signature = p.getText();
          }
          case "context" -> context = example(p);
          case "examples" -> {
            expect(value == JsonToken.START_ARRAY, "'examples' must be an array of objects");
            examples = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
              examples.add(example(p));
            }
          }
          default -> p.skipChildren();
        }
      }
    }
    expect(examples != null, "Missing 'examples' key in the request");
    Input input = context == null
        ? Input.newBuilder().setExampleList(ExampleList.newBuilder().addAllExamples(examples)).build()
        : Input.newBuilder().setExampleListWithContext(ExampleListWithContext.newBuilder().addAllExamples(examples)
            .setContext(context)).build();
    return new Request(signature, input);
  }

  /** One {feature: value|list} object, the parser on its START_OBJECT. */
  private static Example example(JsonParser p) throws IOException {
    expect(p.currentToken() == JsonToken.START_OBJECT, "an example must be a JSON object of features");
    Features.Builder features = Features.newBuilder();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      features.putFeature(name, feature(p, name));
    }
    return Example.newBuilder().setFeatures(features).build();
  }

  private static Feature feature(JsonParser p, String name) throws IOException {
    List<JsonToken> kinds = new ArrayList<>();
    List<Object> values = new ArrayList<>();
    if (p.currentToken() == JsonToken.START_ARRAY) {
      while (p.nextToken() != JsonToken.END_ARRAY) {
        values.add(scalar(p, name, kinds));
      }
    } else {
      values.add(scalar(p, name, kinds));
    }
    if (kinds.contains(JsonToken.VALUE_STRING)) {
      expect(kinds.stream().allMatch(k -> k == JsonToken.VALUE_STRING), "feature '" + name
          + "' mixes strings and numbers");
      BytesList.Builder b = BytesList.newBuilder();
      values.forEach(v -> b.addValue((ByteString) v));
      return Feature.newBuilder().setBytesList(b).build();
    }
    if (kinds.contains(JsonToken.VALUE_NUMBER_FLOAT)) {
      FloatList.Builder f = FloatList.newBuilder();
      values.forEach(v -> f.addValue(((Number) v).floatValue()));
      return Feature.newBuilder().setFloatList(f).build();
    }
    Int64List.Builder i = Int64List.newBuilder();
    values.forEach(v -> i.addValue(((Number) v).longValue()));
    return Feature.newBuilder().setInt64List(i).build();
  }

  private static Object scalar(JsonParser p, String name, List<JsonToken> kinds) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
      kinds.add(t);
      return t == JsonToken.VALUE_NUMBER_INT ? (Object) p.getLongValue() : (Object) p.getDoubleValue();
    } else if (t == JsonToken.VALUE_STRING) {
      kinds.add(t);
      return ByteString.copyFromUtf8(p.getText());
    } else if (t == JsonToken.START_OBJECT && p.nextToken() == JsonToken.FIELD_NAME && p.currentName().equals("b64")
        && p.nextToken() == JsonToken.VALUE_STRING) {
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(p.getText());
      } catch (IllegalArgumentException e) {
        throw new JsonRequestException("feature '" + name + "': the b64 value is not valid base64");
      }
      expect(p.nextToken() == JsonToken.END_OBJECT, "feature '" + name + "': a {\"b64\": ...} object has one key");
      kinds.add(JsonToken.VALUE_STRING);
      return ByteString.copyFrom(bytes);
    }
    throw new JsonRequestException("feature '" + name + "' must be a number, a string, {\"b64\": ...} or a list of"
        + " them; got " + JsonValues.describe(p));
  }

  private static void expect(boolean ok, String message) {
    if (!ok) {
      throw new JsonRequestException(message);
    }
  }
}
