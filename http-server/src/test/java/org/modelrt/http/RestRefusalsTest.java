package org.modelrt.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;


import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.modelrt.engine.CallerDeadline;
import org.modelrt.serving.ModelRef;
import org.modelrt.serving.PredictCall;
import org.modelrt.serving.PredictPipeline;
import org.modelrt.serving.codec.ResponseEncoding;
import org.modelrt.serving.codec.WireFormat;
import org.modelrt.wire.tensor.DataType;
import org.modelrt.wire.tensor.TensorProto;
import org.modelrt.wire.tensor.TensorShapeProto;

/**
 * Everything a client can get wrong gets a 4xx {@code {"error": "..."}} naming what was expected and what came, and
 * nothing else: TF Serving's URL grammar table (http_rest_api_handler_test.cc), its body errors (json_tensor.cc),
 * limits (body size, nesting, stalled clients). On real models over loopback HTTP.
 */
final class RestRefusalsTest {
  private static final int MAX_BODY = 64 * 1024;
  private static final Duration SHORT = Duration.ofMillis(700);
  private static RestHarness rest;
  private static HttpFront impatient;

  @BeforeAll
  static void start() throws Exception {
    rest = RestHarness.serving(new HttpFront.Options(0, MAX_BODY, Duration.ofSeconds(30), 16),
        "half_plus_two", "tf_twoin");
    impatient = HttpFront.start(new HttpFront.Options(0, MAX_BODY, SHORT, 16), rest.pipeline);
  }

  @AfterAll
  static void stop() throws Exception {
    impatient.close();
    rest.close();
  }

  private static void assertRefused(int status, String expected, HttpResponse<String> response) {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
    assertTrue(response.body().startsWith("{\"error\": \""), response.body());
    assertTrue(response.body().contains(expected), "expected '" + expected + "' in " + response.body());
    assertFalse(response.body().contains("java.") || response.body().contains("Exception"), response.body());
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "GET    | /v1/foo                                              | 400 | Malformed request",
      "POST   | /v1/foo                                              | 400 | Malformed request",
      "GET    | /v1/models                                           | 400 | Missing model name",
      "GET    | /v1/models/debug/model_name                          | 400 | Malformed request",
      "POST   | /v1/models                                           | 400 | Malformed request",
      "GET    | /v1/models/foo:predict                               | 400 | Malformed request",
      "GET    | /v1/models/foo/version/50:predict                    | 400 | Malformed request",
      "POST   | /v1/models/foo/version/50:regress                    | 400 | Malformed request",
      "POST   | /v1/models/foo/versions/HELLO:regress                | 400 | Malformed request",
      "POST   | /v1/models/foo/versions/18446744073709551615:regress | 400 | Failed to convert version",
      "POST   | /v1/models/foo/metadata                              | 400 | Malformed request",
      "POST   | /v1/models/foo/label/some_label:regress              | 400 | Malformed request",
      "POST   | /v1/models/foo/versions/50/labels/some_label:regress | 400 | Malformed request",
      "POST   | /v1/models/foo/versions/some_label:regress           | 400 | Malformed request",
      "POST   | /v1/models/foo:predict                               | 404 | Servable not found for request: Latest(foo)",
      "POST   | /v1/models/foo/versions/50:predict                   | 404 | Servable not found",
      "PUT    | /v1/models/half_plus_two:predict                     | 405 | expected POST",
      "DELETE | /v1/models/half_plus_two                             | 405 | expected GET",
      "POST   | /metrics                                             | 405 | expected GET",
      "GET    | /foo                                                 | 404 | Not found: GET /foo",
      "GET    | /                                                    | 404 | Not found"})
  void theUrlGrammar(String method, String path, int status, String message) throws Exception {
    // a body that would be fine, so that only the path decides
    HttpResponse<String> response = method.equals("POST")
        ? rest.post(path, "{\"instances\": [1.0]}") : rest.send(method, path);

    assertRefused(status, message, response);
    if (status == 405) {
      assertEquals(message.substring("expected ".length()), response.headers().firstValue("Allow").orElse(""));
    }
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "``                                            | JSON Parse error: The document is empty",
      "instances = [1, 2]                            | JSON Parse error: Unrecognized token 'instances'",
      "[1.0, 2.0]                                    | Is not object",
      "{\"instances\": [\"x\", \"y\"]}               | Type: String is not of expected type: float",
      "{\"instances\": [true]}                       | JSON Value: true Type: True is not of expected type: float",
      "{\"instances\": [null]}                       | Type: Null is not of expected type: float",
      "{\"signature_name\": 100}                     | 'signature_name' key must be a string value.",
      "{\"instances\": [1.0], \"inputs\": [1.0]}     | expecting only one of 'inputs' or 'instances' keys",
      "{\"signature_name\": \"serving_default\"}     | Missing 'inputs' or 'instances' key",
      "{\"instances\": 1.0}                          | Excepting 'instances' to be an list/array",
      "{\"instances\": []}                           | No values in 'instances' array",
      "{\"inputs\": [[1.0], [2.0, 3.0]]}             | Encountered list at unexpected size: 2 at level: 1 expected size: 1",
      "{\"instances\": [[1.0], [2.0, 3.0]]}          | Failed to process element: 1 of 'instances' list. Error: Expecting tensor size: 1 but got: 2",
      "{\"instances\": [[[1.0, 2.0]], [[1.0], [2.0]]]} | Expecting shape [1,2] but got: [2,1]",
      "{\"inputs\": [[1.0], 2.0]}                    | JSON Value: 2.0 found at incorrect level: 2 in the JSON DOM. Expected at level: 2",
      "{\"inputs\": [1.0, [2.0]]}                    | Encountered list at unexpected level: 1 expected < 1",
      "{\"instances\": [16777217]}                   | Cannot convert JSON value: 16777217 to float without loss of precision.",
      "{\"instances\": [1e39]}                       | to float without loss of precision",
      "{\"instances\": [{\"b64\": \"AAAA\"}]}        | JSON Value: {...} Type: Object is not of expected type: float",
      "{\"instances\": [1.0], \"signature_name\": \"nope\"} | nope signature is not present in the model",
      "{\"instances\": [1.0]} {}                     | The document root must not be followed by other values",
      "{\"instances\": [1.0], \"instances\": [2.0]}  | Duplicate field 'instances'",
      "{\"instances\": [1.0, 2.0                     | JSON Parse error: Unexpected end-of-input",
      "{\"instances\": [{\"x\": [1.0]}, [2.0]]}      | Expecting object but got Array at item 1 of input list"})
  void aBadBody_onTheQuickstartModel(String body, String message) throws Exception {
    assertRefused(400, message, rest.post("/v1/models/half_plus_two:predict", body));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "{\"instances\": [[1.0, 2.0, 3.0, 4.0]]}                          | instances is a plain list, but expecting list of objects",
      "{\"instances\": [{\"x\": [1.0, 2.0, 3.0, 4.0]}]}                 | JSON object keys x must be equal to: a,x",
      "{\"instances\": [{\"x\": [1.0, 2.0, 3.0, 4.0], \"a\": [1.0, 2.0, 3.0, 4.0], \"zz\": 1}]} | key: zz of 'instances' list. Error: JSON object: does not have named input: zz",
      "{\"instances\": [{\"x\": [1.0, 2.0, 3.0, 4.0], \"a\": [1.0, 2.0, 3.0, 4.0]}, {\"x\": [1.0, 2.0], \"a\": [1.0, 2.0, 3.0, 4.0]}]} | Failed to process element: 1 key: x of 'instances' list. Error: Expecting tensor size: 4 but got: 2",
      "{\"inputs\": {\"x\": [[1.0, 2.0, 3.0, 4.0]]}}                     | Missing named input: a in 'inputs' object.",
      "{\"inputs\": [[1.0, 2.0, 3.0, 4.0]]}                              | inputs is a plain value/list, but expecting an object"})
  void aBadBody_onATwoInputModel(String body, String message) throws Exception {
    assertRefused(400, message, rest.post("/v1/models/tf_twoin:predict", body));
  }

  @Test
  void nestingDeeperThanTheLimit_isRefused_andJustUnderItIsParsed() throws Exception {
    String deep = "{\"inputs\": " + "[".repeat(120) + "1.0" + "]".repeat(120) + "}";
    String ok = "{\"inputs\": " + "[".repeat(90) + "1.0" + "]".repeat(90) + "}";

    assertRefused(400, "nesting deeper than 100 levels", rest.post("/v1/models/half_plus_two:predict", deep));
    // parsed; the model then refuses a rank-90 x (the engine's message, not a parse error)
    HttpResponse<String> response = rest.post("/v1/models/half_plus_two:predict", ok);
    assertFalse(response.body().contains("JSON Parse error"), response.body());
  }

  @Test
  void aBodyOverTheLimit_is413_beforeAnyOfItIsRead() throws Exception {
    // Only the headers are sent: a client still uploading when the server closes may see a reset before the 413
    // (TCP drops the answer when unread bytes arrive), which is what any server refusing early risks.
    try (Socket socket = new Socket("127.0.0.1", rest.front.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("POST /v1/models/half_plus_two:predict HTTP/1.1\r\nHost: x\r\n"
          + "Content-Type: application/json\r\nContent-Length: " + (MAX_BODY + 1000) + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8); // to EOF

      assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
      assertTrue(answer.contains("larger than the 65536 bytes this server accepts (--max-message-bytes)"), answer);
    }
  }

  @Test
  void aStalledBody_gets408_andTheConnectionIsClosed() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", impatient.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /v1/models/half_plus_two:predict HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n"
          + "{\"inst").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8); // to EOF

      assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
      assertTrue(answer.contains("{\"error\": \"the request was not received in full within 700 ms"), answer);
    }
  }

  @Test
  void anIdleConnection_isClosedAfterTheTimeout_andTheServerStillAnswers() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", impatient.port())) {
      socket.setSoTimeout(10_000);
      long start = System.nanoTime();
      InputStream in = socket.getInputStream();

      assertEquals(-1, in.read());
      assertTrue(System.nanoTime() - start >= SHORT.toNanos() / 2);
    }
    assertEquals(200, rest.post("/v1/models/half_plus_two:predict", "{\"instances\": [1.0]}").statusCode());
  }

  @Test
  void aClientHangingUpMidBody_leavesTheServerAnswering() throws Exception {
    for (int i = 0; i < 20; i++) {
      try (Socket socket = new Socket("127.0.0.1", rest.front.port())) {
        socket.getOutputStream().write(("POST /v1/models/half_plus_two:predict HTTP/1.1\r\nHost: x\r\n"
            + "Content-Length: 1000\r\n\r\n{\"instances\": [1.0, ").getBytes(StandardCharsets.US_ASCII));
      }
    }
    assertEquals(200, rest.post("/v1/models/half_plus_two:predict", "{\"instances\": [1.0]}").statusCode());
  }

  @Test
  void aCallPastItsDeadline_is504_andTheModelDoesNotRun() throws Exception {
    // a deadline already passed when the call arrives (1 ns; the stall timer is off below a millisecond)
    try (HttpFront late = HttpFront.start(new HttpFront.Options(0, MAX_BODY, Duration.ofNanos(1), 16), rest.pipeline)) {
      HttpResponse<String> response = rest.client.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + late.port() + "/v1/models/half_plus_two:predict"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"instances\": [1.0]}")).build(),
          HttpResponse.BodyHandlers.ofString());

      assertRefused(504, "deadline", response);
    }
  }

  @Test
  void aSaturatedPipeline_is429_andTheLimitIsThePipelinesOwn() throws Exception {
    // One slot, held by a call made straight on the pipeline (as the gRPC front would), parked in its deadline check.
    PredictPipeline one = new PredictPipeline(rest.pipeline.registry(), 1,
        1L << 20, ResponseEncoding.AS_REQUEST);
    CountDownLatch parked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CallerDeadline holding = new CallerDeadline() {
      @Override
      public long nanosLeft() {
        return Long.MAX_VALUE;
      }

      @Override
      public boolean gaveUp() {
        parked.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return false;
      }
    };
    TensorProto x = TensorProto.newBuilder()
        .setDtype(DataType.DT_FLOAT).addFloatVal(1)
        .setTensorShape(TensorShapeProto.newBuilder()
            .addDim(TensorShapeProto.Dim.newBuilder().setSize(1))
            .addDim(TensorShapeProto.Dim.newBuilder().setSize(1))).build();
    Thread holder = new Thread(() -> one.predict(new PredictCall<>(
        ModelRef.latest("half_plus_two"), "", Map.of("x", x), List.of()),
        WireFormat.TENSOR_PROTO, holding));
    holder.start();
    try (HttpFront front = HttpFront.start(new HttpFront.Options(0, MAX_BODY, Duration.ofSeconds(30), 1), one)) {
      assertTrue(parked.await(30, TimeUnit.SECONDS));
      HttpResponse<String> response = rest.client.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + front.port() + "/v1/models/half_plus_two:predict"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"instances\": [1.0]}")).build(),
          HttpResponse.BodyHandlers.ofString());

      assertRefused(429, "the server is saturated", response);
    } finally {
      release.countDown();
      holder.join();
    }
  }

  @Test
  void badRequests_logNothingAtError() throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      rest.post("/v1/models/half_plus_two:predict", "{\"instances\": [\"x\"]}");
      rest.post("/v1/models/half_plus_two:predict", "{{{");
      rest.post("/v1/models/nope:predict", "{\"instances\": [1.0]}");
      rest.post("/v1/models/tf_twoin:predict", "{\"inputs\": {\"x\": [[1.0, 2.0, 3.0, 4.0]]}}");
      rest.send("GET", "/v1/models/foo:predict");
    } finally {
      System.setErr(original);
    }
    assertFalse(captured.toString(StandardCharsets.UTF_8).contains("ERROR"), captured.toString(StandardCharsets.UTF_8));
  }
}
