package org.modelrt.http.v2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.modelrt.engine.EngineOptions;
import org.modelrt.engine.ModelLoader;
import org.modelrt.fixtures.ExpectedFile;
import org.modelrt.fixtures.FixtureCase;
import org.modelrt.fixtures.FloatTensor;
import org.modelrt.fixtures.StringTensor;
import org.modelrt.fixtures.TestModels;
import org.modelrt.http.HttpFront;
import org.modelrt.serving.ModelEntry;
import org.modelrt.serving.ModelRegistry;
import org.modelrt.serving.PredictPipeline;
import org.modelrt.serving.ServingState;
import org.modelrt.serving.VersionManager;
import org.modelrt.serving.codec.ResponseEncoding;

/**
 * The binary extension's raw binary request ({@code Inference-Header-Content-Length: 0}, the body only the one
 * input's bytes) over loopback HTTP to the real front with v2 mounted, on real engines: the test models as they are,
 * and pt_linear / onnx_string under contracts that change only the input's shape in their metadata (loaded as the
 * contract check tolerates). JSON headers and error bodies are checked against the vendored OpenAPI document.
 */
final class V2RawBinaryRequestTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String RAW = "a raw binary request (Inference-Header-Content-Length: 0): ";
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir
  static Path tmp;
  private static VersionManager manager;
  private static HttpFront front;

  @BeforeAll
  static void serve() throws Exception {
    List<ModelEntry> entries = new ArrayList<>();
    for (String name : List.of("pt_linear", "pt_twoin", "onnx_string")) {
      entries.add(entry(name, TestModels.dir(name)));
    }
    entries.add(entry("pt_fixed", withContract("pt_fixed", "pt_linear", "x", "DT_FLOAT",
        "shape { dim { size: 2 } dim { size: 4 } }", "y", "shape { dim { size: 2 } dim { size: 3 } }")));
    entries.add(entry("pt_two_variable", withContract("pt_two_variable", "pt_linear", "x", "DT_FLOAT",
        "shape { dim { size: -1 } dim { size: -1 } }", "y", "shape { dim { size: -1 } dim { size: 3 } }")));
    entries.add(entry("pt_any_rank", withContract("pt_any_rank", "pt_linear", "x", "DT_FLOAT", "",
        "y", "shape { dim { size: -1 } dim { size: 3 } }")));
    entries.add(entry("onnx_one_string", withContract("onnx_one_string", "onnx_string", "text", "DT_STRING",
        "shape { dim { size: 1 } }", "echo", "shape { dim { size: 1 } }")));

    ModelRegistry registry = new ModelRegistry(ModelRegistry.Mode.TF_SERVING, new ServingState("loading"));
    manager = new VersionManager(registry, ModelLoader::load);
    manager.configure(entries);
    long end = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (registry.state().snapshot().phase() == ServingState.Phase.LOADING && System.nanoTime() < end) {
      Thread.sleep(20);
    }
    ServingState.Snapshot loaded = registry.state().snapshot();
    assertEquals(ServingState.Phase.SERVING, loaded.phase(), loaded.message());
    PredictPipeline pipeline = new PredictPipeline(registry, 8, 1 << 20, ResponseEncoding.AS_REQUEST);
    front = HttpFront.start(new HttpFront.Options(0, 1 << 20, Duration.ofSeconds(30), 8), pipeline,
        Map.of("/v2", new V2Rest(pipeline, "test").mount()));
  }

  @AfterAll
  static void close() {
    if (front != null) {
      front.close();
    }
    if (manager != null) {
      manager.close();
    }
  }

  private static ModelEntry entry(String name, Path version) {
    return new ModelEntry(name, ModelEntry.fixed(1, version), Map.of(),
        EngineOptions.defaults().withPredictors(1).withWarmupRuns(0));
  }

  /**
   * Model {@code name}: a fixture's files under a contract of one input and one output ({@code inputShape} empty:
   * any rank), in the Hydrosphere layout.
   */
  private static Path withContract(String name, String fixture, String input, String dtype, String inputShape,
      String output, String outputShape) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(name));
    TestModels.copyFiles(fixture, Files.createDirectories(dir.resolve("files")));
    Files.writeString(dir.resolve("contract.prototxt"), """
        signatures {
          signature_name: "serving_default"
          inputs { name: "%s" dtype: %s %s }
          outputs { name: "%s" dtype: %s %s }
        }
        """.formatted(input, dtype, inputShape, output, dtype, outputShape));
    return dir;
  }

  private static HttpResponse<byte[]> raw(String model, byte[] body) throws IOException, InterruptedException {
    return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + front.port() + "/v2/models/" + model
            + "/infer")).header("Inference-Header-Content-Length", "0")
        .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static byte[] floats(double[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : values) {
      b.putFloat((float) v);
    }
    return b.array();
  }

  /** A binary answer: its JSON header, checked against the schema, and each output's bytes after it. */
  private record Binary(JsonNode head, List<ByteBuffer> outputs) {}

  /**
   * Reads a binary answer. The header must be a schema-valid {@code inference_response} but for {@code data}, which
   * the extension replaces with {@code parameters.binary_data_size} on binary outputs (only that error is allowed,
   * only at such an output).
   */
  private static Binary binary(HttpResponse<byte[]> r) throws IOException {
    assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
    assertEquals("application/octet-stream", r.headers().firstValue("Content-Type").orElse(""));
    int jsonLength = Integer.parseInt(r.headers().firstValue("Inference-Header-Content-Length").orElseThrow());
    byte[] json = Arrays.copyOf(r.body(), jsonLength);
    JsonNode head = MAPPER.readTree(json);
    List<String> errors = new ArrayList<>();
    for (String e : OpenApiSchemas.errors("inference_response", json)) {
      String at = e.substring(0, e.indexOf(':'));
      if (!(e.contains("required property 'data'") && head.at(at).path("parameters").has("binary_data_size"))) {
        errors.add(e);
      }
    }
    assertTrue(errors.isEmpty(), errors + " in " + head);
    List<ByteBuffer> outputs = new ArrayList<>();
    int at = jsonLength;
    for (JsonNode out : head.get("outputs")) {
      int size = out.get("parameters").get("binary_data_size").asInt();
      outputs.add(ByteBuffer.wrap(r.body(), at, size).slice().order(ByteOrder.LITTLE_ENDIAN));
      at += size;
    }
    assertEquals(r.body().length, at, "the body is the header and every output's bytes, nothing more");
    return new Binary(head, outputs);
  }

  /** A refusal: the status, and the schema-valid {@code {"error": ...}} message. */
  private static String error(HttpResponse<byte[]> r, int status) throws IOException {
    assertEquals(status, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
    assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
    List<String> errors = OpenApiSchemas.errors("inference_error_response", r.body());
    assertTrue(errors.isEmpty(), errors.toString());
    return MAPPER.readTree(r.body()).get("error").asText();
  }

  @Test
  void everyPtLinearCase_sentAsTheInputsBytesOnly_answersItsOutputInBinary() throws IOException, InterruptedException {
    ExpectedFile expected = TestModels.expected("pt_linear");
    for (FixtureCase c : expected.cases()) {
      FloatTensor x = (FloatTensor) c.inputs().get("x");
      FloatTensor y = (FloatTensor) c.outputs().get("y");

      Binary answer = binary(raw("pt_linear", floats(x.values())));

      assertEquals("pt_linear", answer.head().get("model_name").asText());
      assertEquals("1", answer.head().get("model_version").asText());
      assertTrue(answer.head().path("id").isMissingNode(), "no id was sent: " + answer.head());
      JsonNode out = answer.head().get("outputs").get(0);
      assertEquals("y", out.get("name").asText());
      assertEquals("FP32", out.get("datatype").asText());
      // the variable batch dimension of x [-1,4] came from the byte count: 16 bytes a row
      assertArrayEquals(y.shape(), MAPPER.treeToValue(out.get("shape"), long[].class));
      ByteBuffer values = answer.outputs().get(0);
      assertEquals(y.values().length * 4, values.remaining());
      for (double e : y.values()) {
        assertEquals(e, values.getFloat(), expected.tolerance() * Math.max(1, Math.abs(e)));
      }
    }
  }

  @Test
  void aBytesInputOfShapeOne_takesTheWholeBodyAsItsElement() throws IOException, InterruptedException {
    byte[] hello = ((StringTensor) TestModels.expected("onnx_string").cases().get(0).inputs().get("text")).values()[0];
    byte[] text = "héllo 日本語".getBytes(StandardCharsets.UTF_8);

    assertArrayEquals(hello, echoed(binary(raw("onnx_one_string", hello))));
    Binary answer = binary(raw("onnx_one_string", text));

    JsonNode out = answer.head().get("outputs").get(0);
    assertEquals("echo", out.get("name").asText());
    assertEquals("BYTES", out.get("datatype").asText());
    assertEquals("[1]", out.get("shape").toString());
    assertArrayEquals(text, echoed(answer));
  }

  /** The one element of a BYTES output in the extension's layout: a 4-byte little-endian length, then the bytes. */
  private static byte[] echoed(Binary answer) {
    ByteBuffer b = answer.outputs().get(0);
    byte[] element = new byte[b.getInt()];
    b.get(element);
    assertEquals(0, b.remaining());
    return element;
  }

  @Test
  void aFullyKnownShape_takesExactlyItsBytes() throws IOException, InterruptedException {
    double[] two = {1, 2, 3, 4, 1, 2, 3, 4};

    Binary answer = binary(raw("pt_fixed", floats(two)));
    HttpResponse<byte[]> short16 = raw("pt_fixed", floats(new double[] {1, 2, 3, 4}));

    assertEquals("[2,3]", answer.head().get("outputs").get(0).get("shape").toString());
    assertEquals(-2.65141981840, answer.outputs().get(0).getFloat(12), 1e-5); // row 2 is row 1 again
    assertEquals(RAW + "input 'x' is FP32 [2,4] needs 32 bytes, the body has 16", error(short16, 400));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "pt_twoin | 16 | the model must have exactly 1 input; model 'pt_twoin' has 2 ['x', 'a']: send the JSON "
          + "inference header before the binary data instead",
      "onnx_string | 5 | input 'text' is BYTES [-1] in the model's metadata; the body is one BYTES element, so the "
          + "shape must be [1]",
      "pt_two_variable | 16 | input 'x' is FP32 [-1,-1] in the model's metadata, more than one variable-size "
          + "dimension, so the byte count cannot give the shape; send the JSON inference header with its shape instead",
      "pt_any_rank | 16 | input 'x' has no known shape in the model's metadata (any rank), so the body's bytes cannot "
          + "give one; send the JSON inference header with its shape instead",
      "pt_linear | 10 | input 'x' is FP32 [-1,4] takes a whole number of 16-byte steps of its variable dimension, "
          + "the body has 10 bytes",
      "pt_linear | 0 | the body is empty; it must hold the bytes of input 'x'"})
  void aModelOrBodyTheRuleCannotSettle_isA400NamingWhatIsWrong(String model, int bytes, String message)
      throws IOException, InterruptedException {
    assertEquals(RAW + message, error(raw(model, new byte[bytes]), 400));
  }

  @Test
  void anUnknownModel_isA404() throws IOException, InterruptedException {
    assertTrue(error(raw("nope", new byte[16]), 404).contains("nope"));
  }
}
