package org.modelrt.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TF Serving's REST API over loopback HTTP on real TensorFlow models (half_plus_two, tf_twoin, tf_string), compared
 * with golden bodies written from TF Serving's documentation (src/test/resources/golden/README.md).
 */
final class TfServingRestTest {
  private static RestHarness rest;

  @BeforeAll
  static void start() throws Exception {
    rest = RestHarness.serving(RestHarness.options(), "half_plus_two", "tf_twoin", "tf_string", "tf_example");
  }

  @AfterAll
  static void stop() throws Exception {
    rest.close();
  }

  static String golden(String name) throws IOException {
    try (InputStream in = TfServingRestTest.class.getResourceAsStream("/golden/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void assertJson(String expected, HttpResponse<String> response) throws IOException {
    assertEquals(200, response.statusCode(), response.body());
    assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
    assertEquals(JsonTokens.tree(expected), JsonTokens.tree(response.body()), response.body());
  }

  @Test
  void theDockerQuickstart_answersTfServingsPredictions() throws Exception {
    HttpResponse<String> response = rest.post("/v1/models/half_plus_two:predict", golden("quickstart.request.json"));

    assertJson(golden("quickstart.response.json"), response);
    // byte for byte what the quickstart prints, spacing included
    assertEquals(golden("quickstart.response.json").trim(), response.body());
  }

  @Test
  void versionAndCaseInsensitivePaths_reachTheSameModel() throws Exception {
    assertJson(golden("quickstart.response.json"),
        rest.post("/v1/models/half_plus_two/versions/1:predict", golden("quickstart.request.json")));
    assertJson(golden("quickstart.response.json"),
        rest.post("/V1/Models/half_plus_two:PREDICT", golden("quickstart.request.json")));
  }

  @Test
  void modelStatus_isTheGetModelStatusResponseAsTfServingPrintsIt() throws Exception {
    assertJson(golden("status.response.json"), rest.get("/v1/models/half_plus_two"));
    assertJson(golden("status.response.json"), rest.get("/v1/models/half_plus_two/versions/1"));
  }

  @Test
  void metadata_isTheSignatureDefMapWithItsDoubledNesting() throws Exception {
    assertJson(golden("metadata.response.json"), rest.get("/v1/models/half_plus_two/metadata"));
  }

  @Test
  void rowFormat_withNamedInputs_answersAListOfObjects() throws Exception {
    assertJson(golden("row_two_inputs.response.json"),
        rest.post("/v1/models/tf_twoin:predict", golden("row_two_inputs.request.json")));
  }

  @Test
  void columnarFormat_answersAnObjectOfOutputs() throws Exception {
    assertJson(golden("columnar_two_inputs.response.json"),
        rest.post("/v1/models/tf_twoin:predict", golden("columnar_two_inputs.request.json")));
  }

  @Test
  void columnarSingleInput_answersItsOneOutputUnnamed() throws Exception {
    HttpResponse<String> response = rest.post("/v1/models/half_plus_two:predict", "{\"inputs\": [[1.0], [-3.0]]}");

    assertJson("{\"outputs\": [[2.5], [0.5]]}", response);
  }

  @Test
  void strings_andBase64Strings_reachTheModelAsBytes() throws Exception {
    // "aGk=" is "hi"; the outputs' names do not end in _bytes, so the answer carries plain strings
    HttpResponse<String> response = rest.post("/v1/models/tf_string:predict",
        "{\"instances\": [\"abc\", {\"b64\": \"aGk=\"}, \"\"]}");

    assertJson("{\"predictions\": [{\"length\": 3, \"upper\": \"ABC\"}, {\"length\": 2, \"upper\": \"HI\"},"
        + " {\"length\": 0, \"upper\": \"\"}]}", response);
  }

  @Test
  void aBase64FirstElement_andMembersAfterTheTensors_readAsAnyOtherBody() throws Exception {
    // a {"b64": ...} first value is told from an object naming inputs only inside it; the members after it still count
    HttpResponse<String> rows = rest.post("/v1/models/tf_string:predict",
        "{\"instances\": [{\"b64\": \"aGk=\"}, \"abc\"], \"comment\": {\"a\": [1]}}");
    HttpResponse<String> both = rest.post("/v1/models/tf_string:predict",
        "{\"instances\": [{\"b64\": \"aGk=\"}], \"inputs\": [\"abc\"]}");

    assertJson("{\"predictions\": [{\"length\": 2, \"upper\": \"HI\"}, {\"length\": 3, \"upper\": \"ABC\"}]}",
        rows);
    assertEquals(400, both.statusCode(), both.body());
    assertTrue(both.body().contains("expecting only one of 'inputs' or 'instances' keys"), both.body());
  }

  @Test
  void theSignatureNamedBeforeOrAfterTheTensors_givesTheSameAnswer() throws Exception {
    // named first, the tensors are read as they come; named after them, the body is read again for their dtypes
    String[][] tensors = {
        {"tf_string", "\"instances\": [{\"b64\": \"aGk=\"}, \"abc\"]"},
        {"tf_string", "\"inputs\": {\"b64\": \"aGk=\"}"},
        {"tf_twoin", "\"inputs\": {\"a\": [[0.5, 0.5, 0.5, 0.5]], \"x\": [[1.0, 2.0, 3.0, 4.0]]}"},
        {"half_plus_two", "\"instances\": [[1.0], [\"x\"]]"},
        {"half_plus_two", "\"inputs\": [[1.0], [2.0]]"}};
    for (String[] t : tensors) {
      String path = "/v1/models/" + t[0] + ":predict";
      HttpResponse<String> before = rest.post(path, "{\"signature_name\": \"serving_default\", " + t[1] + "}");
      HttpResponse<String> after = rest.post(path, "{" + t[1] + ", \"signature_name\": \"serving_default\"}");

      assertEquals(before.statusCode(), after.statusCode(), t[1] + ": " + before.body() + " / " + after.body());
      assertEquals(before.body(), after.body(), t[1]);
    }
  }

  @Test
  void nanAndInfinity_areAcceptedAndWrittenAsTfServingWritesThem() throws Exception {
    HttpResponse<String> response = rest.post("/v1/models/half_plus_two:predict",
        "{\"instances\": [[NaN], [Infinity], [-Infinity], [1e-3]]}");

    assertJson("{\"predictions\": [[NaN], [Infinity], [-Infinity], [2.0005]]}", response);
  }

  @Test
  void anUnknownModel_is404_withTfServingsMessage() throws Exception {
    HttpResponse<String> response = rest.post("/v1/models/half:predict", "{\"instances\": [1.0, 5.0]}");

    assertEquals(404, response.statusCode());
    assertTrue(response.body().startsWith("{\"error\": \"Servable not found for request: Latest(half)"),
        response.body());
  }

  @Test
  void anUnknownVersionOrLabel_is404() throws Exception {
    assertEquals(404, rest.post("/v1/models/half_plus_two/versions/7:predict", "{\"instances\": [1.0]}")
        .statusCode());
    assertEquals(404, rest.post("/v1/models/half_plus_two/labels/canary:predict", "{\"instances\": [1.0]}")
        .statusCode());
    assertEquals(404, rest.get("/v1/models/half_plus_two/versions/7").statusCode());
    assertEquals(404, rest.get("/v1/models/nope").statusCode());
  }

  @Test
  void classifyAndRegress_answerTfServingsResults_fromJsonExamples() throws Exception {
    // tf_example (test-models/README.md): x = [1, 2] gives scores cat 3.5, dog -0.5, bird 0.5 and a regression of 1
    HttpResponse<String> classify = rest.post("/v1/models/tf_example:classify",
        "{\"examples\": [{\"x\": [1.0, 2.0]}]}");
    HttpResponse<String> regress = rest.post("/v1/models/tf_example:regress",
        "{\"signature_name\": \"regress\", \"examples\": [{\"x\": [1.0, 2.0]}]}");

    assertEquals(200, classify.statusCode(), classify.body());
    assertEquals("{\"results\":[[[\"cat\",3.5],[\"dog\",-0.5],[\"bird\",0.5]]]}", classify.body().replace(" ", ""));
    assertEquals(200, regress.statusCode(), regress.body());
    assertEquals("{\"results\":[1.0]}", regress.body().replace(" ", ""));
  }

  @Test
  void classifyOnAPredictModel_isRefused_andOnAnUnknownModel404() throws Exception {
    HttpResponse<String> classify = rest.post("/v1/models/half_plus_two:classify", "{\"examples\": [{\"x\": 1}]}");
    HttpResponse<String> regress = rest.post("/v1/models/nope:regress", "{\"examples\": [{\"x\": 1}]}");

    assertEquals(400, classify.statusCode(), classify.body());
    assertTrue(classify.body().contains("\"error\""), classify.body());
    assertEquals(404, regress.statusCode());
  }

  @Test
  void keepAlive_servesManyCallsOnOneConnection() throws Exception {
    for (int i = 0; i < 50; i++) {
      assertEquals(200, rest.post("/v1/models/half_plus_two:predict", "{\"instances\": [" + i + ".0]}")
          .statusCode());
    }
  }
}
