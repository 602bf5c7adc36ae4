package org.modelrt.http.v2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.modelrt.engine.CallerDeadline;
import org.modelrt.engine.EngineOptions;
import org.modelrt.engine.ModelLoader;
import org.modelrt.fixtures.ExpectedFile;
import org.modelrt.fixtures.FixtureCase;
import org.modelrt.fixtures.FixtureTensor;
import org.modelrt.fixtures.FloatTensor;
import org.modelrt.fixtures.IntTensor;
import org.modelrt.fixtures.StringTensor;
import org.modelrt.fixtures.TestModels;
import org.modelrt.serving.ModelEntry;
import org.modelrt.serving.ModelRegistry;
import org.modelrt.serving.PredictPipeline;
import org.modelrt.serving.ServingState;
import org.modelrt.serving.VersionManager;
import org.modelrt.serving.codec.ResponseEncoding;

/**
 * The v2 REST function over real engines on the repository's test models (TF Serving-mode registry): every fixture
 * case as JSON written here by hand from expected.json, answers read back with Jackson's databind, and every body
 * checked against the schemas of the vendored Open Inference Protocol OpenAPI document.
 */
final class V2RestTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static VersionManager manager;
  private static V2Rest rest;

  @BeforeAll
  static void load() throws InterruptedException {
    ModelRegistry registry = new ModelRegistry(ModelRegistry.Mode.TF_SERVING, new ServingState("loading"));
    manager = new VersionManager(registry, ModelLoader::load);
    List<ModelEntry> entries = new ArrayList<>();
    for (String name : List.of("pt_linear", "tf_int64", "tf_string")) {
      entries.add(new ModelEntry(name, ModelEntry.fixed(1, TestModels.dir(name)), Map.of(),
          EngineOptions.defaults().withPredictors(1).withWarmupRuns(1)));
    }
    CountDownLatch settled = new CountDownLatch(1);
    registry.state().addListener(s -> {
      if (s.phase() != ServingState.Phase.LOADING) {
        settled.countDown();
      }
    });
    manager.configure(entries);
    assertTrue(settled.await(180, TimeUnit.SECONDS));
    assertEquals(ServingState.Phase.SERVING, registry.state().snapshot().phase(), registry.state().snapshot().message());
    rest = new V2Rest(new PredictPipeline(registry, 8, 1 << 20, ResponseEncoding.AS_REQUEST), "test");
  }

  @AfterAll
  static void close() {
    if (manager != null) {
      manager.close();
    }
  }

  private static V2Rest.Response post(String path, String json) {
    return rest.handle("POST", path, -1, json.getBytes(StandardCharsets.UTF_8), CallerDeadline.NONE);
  }

  private static V2Rest.Response get(String path) {
    return rest.handle("GET", path, -1, new byte[0], CallerDeadline.NONE);
  }

  /**
   * The body, checked against the schema. The one documented deviation: a BYTES element that is not UTF-8 is written
   * {@code {"b64": ...}} (the schema allows only strings there, which cannot carry it losslessly), so errors at such
   * an element, and only there, are allowed.
   */
  private static JsonNode json(V2Rest.Response r, String schema) throws IOException {
    assertEquals("application/json", r.contentType());
    JsonNode body = MAPPER.readTree(r.body());
    List<String> errors = new ArrayList<>();
    for (String e : OpenApiSchemas.errors(schema, r.body())) {
      String path = e.substring(0, e.indexOf(':'));
      if (!body.at(path).has("b64")) {
        errors.add(e);
      }
    }
    assertTrue(errors.isEmpty(), schema + ": " + errors + " in " + new String(r.body(), StandardCharsets.UTF_8));
    return body;
  }

  /** The request JSON for a fixture case, written out by hand. */
  private static String request(String id, FixtureCase c) {
    List<String> inputs = new ArrayList<>();
    c.inputs().forEach((name, t) -> inputs.add("{\"name\": \"" + name + "\", \"shape\": " + Arrays.toString(t.shape())
        + ", \"datatype\": \"" + datatype(t) + "\", \"data\": " + data(t) + "}"));
    return "{\"id\": \"" + id + "\", \"inputs\": [" + String.join(", ", inputs) + "]}";
  }

  private static String datatype(FixtureTensor t) {
    return switch (t.dtype()) {
      case "DT_FLOAT" -> "FP32";
      case "DT_INT32" -> "INT32";
      case "DT_INT64" -> "INT64";
      case "DT_STRING" -> "BYTES";
      default -> throw new IllegalArgumentException(t.dtype());
    };
  }

  private static String data(FixtureTensor t) {
    if (t instanceof FloatTensor f) {
      return Arrays.toString(f.values());
    } else if (t instanceof IntTensor i) {
      return Arrays.toString(i.values());
    }
    List<String> b64 = new ArrayList<>();
    for (byte[] v : ((StringTensor) t).values()) {
      b64.add("{\"b64\": \"" + Base64.getEncoder().encodeToString(v) + "\"}");
    }
    return b64.toString();
  }

  @ParameterizedTest
  @ValueSource(strings = {"pt_linear", "tf_int64", "tf_string"})
  void everyFixtureCase_answersItsExpectedOutputs_inSchemaValidJson(String model) throws IOException {
    ExpectedFile expected = TestModels.expected(model);
    int n = 0;
    for (FixtureCase c : expected.cases()) {
      V2Rest.Response r = post("/v2/models/" + model + "/versions/1/infer", request("case-" + n, c));

      assertEquals(200, r.status(), new String(r.body(), StandardCharsets.UTF_8));
      JsonNode body = json(r, "inference_response");
      assertEquals(model, body.get("model_name").asText());
      assertEquals("1", body.get("model_version").asText());
      assertEquals("case-" + n++, body.get("id").asText());
      for (JsonNode out : body.get("outputs")) {
        FixtureTensor want = c.outputs().get(out.get("name").asText());
        assertEquals(datatype(want), out.get("datatype").asText());
        assertArrayEquals(want.shape(), MAPPER.treeToValue(out.get("shape"), long[].class));
        assertValues(want, out.get("data"), expected.tolerance());
      }
      assertEquals(c.outputs().size(), body.get("outputs").size());
    }
  }

  private static void assertValues(FixtureTensor want, JsonNode data, double tolerance) {
    if (want instanceof FloatTensor f) {
      for (int i = 0; i < f.values().length; i++) {
        double e = f.values()[i];
        assertTrue(Math.abs(data.get(i).asDouble() - e) <= tolerance * Math.max(1, Math.abs(e)), data.toString());
      }
    } else if (want instanceof IntTensor t) {
      for (int i = 0; i < t.values().length; i++) {
        assertEquals(t.values()[i], data.get(i).longValue(), data.toString());
      }
    } else {
      byte[][] values = ((StringTensor) want).values();
      for (int i = 0; i < values.length; i++) {
        JsonNode v = data.get(i);
        byte[] got = v.isTextual() ? v.asText().getBytes(StandardCharsets.UTF_8)
            : Base64.getDecoder().decode(v.get("b64").asText());
        assertArrayEquals(values[i], got, data.toString());
      }
    }
  }

  @Test
  void binaryDataOutput_putsTheOutputAfterTheJson_withItsSizeAndTheHeaderLength() throws IOException {
    V2Rest.Response r = post("/v2/models/pt_linear/infer", "{\"inputs\": [{\"name\": \"x\", \"shape\": [1, 4], "
        + "\"datatype\": \"FP32\", \"data\": [1, 2, 3, 4]}], \"outputs\": [{\"name\": \"y\", \"parameters\": "
        + "{\"binary_data\": true}}]}");

    assertEquals(200, r.status());
    assertEquals("application/octet-stream", r.contentType());
    int jsonLength = Integer.parseInt(r.headers().get("Inference-Header-Content-Length"));
    JsonNode head = MAPPER.readTree(Arrays.copyOf(r.body(), jsonLength));
    JsonNode y = head.get("outputs").get(0);
    assertEquals(12, y.get("parameters").get("binary_data_size").asInt());
    assertEquals(jsonLength + 12, r.body().length);
    ByteBuffer b = ByteBuffer.wrap(r.body(), jsonLength, 12).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(-2.65141981840, b.getFloat(), 1e-5);
  }

  @Test
  void binaryInputs_withTheHeaderLength_runLikeJsonData() throws IOException {
    String head = "{\"id\": \"b\", \"inputs\": [{\"name\": \"x\", \"shape\": [1, 4], \"datatype\": \"FP32\", "
        + "\"parameters\": {\"binary_data_size\": 16}}]}";
    byte[] json = head.getBytes(StandardCharsets.UTF_8);
    ByteBuffer body = ByteBuffer.allocate(json.length + 16).order(ByteOrder.LITTLE_ENDIAN);
    body.put(json).putFloat(1).putFloat(2).putFloat(3).putFloat(4);

    V2Rest.Response r = rest.handle("POST", "/v2/models/pt_linear/infer", json.length, body.array(),
        CallerDeadline.NONE);

    assertEquals(200, r.status(), new String(r.body(), StandardCharsets.UTF_8));
    JsonNode y = json(r, "inference_response").get("outputs").get(0);
    assertEquals(-2.65141981840, y.get("data").get(0).asDouble(), 1e-5);
    assertEquals("b", MAPPER.readTree(r.body()).get("id").asText());
  }

  @Test
  void metadataAndHealth_haveTheSpecsShapes() throws IOException {
    JsonNode server = json(get("/v2"), "metadata_server_response");
    JsonNode model = json(get("/v2/models/tf_string/versions/1"), "metadata_model_response");

    assertEquals("modelrt", server.get("name").asText());
    assertEquals("binary_tensor_data", server.get("extensions").get(0).asText());
    assertEquals("tensorflow_savedmodel", model.get("platform").asText());
    assertEquals("[\"1\"]", model.get("versions").toString());
    assertEquals("{\"name\":\"text\",\"datatype\":\"BYTES\",\"shape\":[-1]}", model.get("inputs").get(0).toString());
    assertEquals("{\"live\":true}", new String(get("/v2/health/live").body(), StandardCharsets.UTF_8));
    assertEquals("{\"ready\":true}", new String(get("/v2/health/ready").body(), StandardCharsets.UTF_8));
    assertEquals("{\"name\":\"pt_linear\",\"ready\":true}",
        new String(get("/v2/models/pt_linear/ready").body(), StandardCharsets.UTF_8));
  }

  @Test
  void failures_areErrorObjects_withTritonsHttpCodes() throws IOException {
    V2Rest.Response unknownModel = post("/v2/models/nope/infer", "{\"inputs\": [{\"name\": \"x\", \"shape\": [1], "
        + "\"datatype\": \"FP32\", \"data\": [1]}]}");
    V2Rest.Response wrongType = post("/v2/models/pt_linear/infer", "{\"inputs\": [{\"name\": \"x\", \"shape\": "
        + "[1, 4], \"datatype\": \"INT64\", \"data\": [1, 2, 3, 4]}]}");
    V2Rest.Response unknownOutput = post("/v2/models/pt_linear/infer", "{\"inputs\": [{\"name\": \"x\", \"shape\": "
        + "[1, 4], \"datatype\": \"FP32\", \"data\": [1, 2, 3, 4]}], \"outputs\": [{\"name\": \"z\"}]}");
    V2Rest.Response malformed = post("/v2/models/pt_linear/infer", "{\"inputs\": [");

    assertEquals(404, unknownModel.status());
    assertTrue(json(unknownModel, "inference_error_response").get("error").asText().contains("nope"));
    assertEquals(400, wrongType.status());
    assertEquals("input 'x': expected datatype FP32, received INT64",
        json(wrongType, "inference_error_response").get("error").asText());
    assertEquals(400, unknownOutput.status());
    assertTrue(json(unknownOutput, "inference_error_response").get("error").asText().contains("'z'"));
    assertEquals(400, malformed.status());
    assertTrue(json(malformed, "inference_error_response").get("error").asText().startsWith("the request is not "
        + "valid JSON"));
    assertEquals(405, get("/v2/models/pt_linear/infer").status());
    assertEquals(405, post("/v2/health/live", "").status());
    assertEquals(404, get("/v2/nothing/here").status());
    assertEquals(404, get("/v2/models/nope").status());
    assertEquals(400, get("/v2/models/pt_linear/versions/x").status());
  }
}
