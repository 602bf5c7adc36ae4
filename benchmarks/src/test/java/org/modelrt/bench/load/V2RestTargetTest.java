package org.modelrt.bench.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The v2 REST bodies against the Open Inference Protocol's REST infer request and the binary tensor data extension
 * (../shared/docs/ecosystem-findings.md 2b: inputs with name, shape, datatype, data; binary_data_size per input,
 * binary_data_output as a request parameter, the JSON's length in Inference-Header-Content-Length, raw data
 * little-endian and row-major, BYTES as a 4-byte little-endian length before each element), written by hand here.
 */
class V2RestTargetTest {
  private static final Path PT_LINEAR = Path.of("../test-models/pt_linear/expected.json");

  @Test
  void jsonBodyIsTheInferRequest_withTheSignatureAsAParameter() throws Exception {
    V2RestTarget.Body body = V2RestTarget.body(RequestSpecs.fromJson(PT_LINEAR, 0, false));

    assertEquals("{\"parameters\":{\"signature_name\":\"serving_default\"},\"inputs\":[{\"name\":\"x\","
        + "\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[1.0,2.0,3.0,4.0]}]}", utf8(body.bytes()));
    assertEquals(-1, body.headerLength());
  }

  @Test
  void jsonBodyCarriesIntegersAndBytesFlat_withoutParametersForTheDefaultSignature() {
    RequestSpec spec = RequestSpecs.fromCli("", List.of("n:DT_INT64:2=7,-3", "s:DT_STRING:1=ab"), false);

    assertEquals("{\"inputs\":[{\"name\":\"n\",\"shape\":[2],\"datatype\":\"INT64\",\"data\":[7,-3]},"
        + "{\"name\":\"s\",\"shape\":[1],\"datatype\":\"BYTES\",\"data\":[\"ab\"]}]}",
        utf8(V2RestTarget.body(spec).bytes()));
  }

  @Test
  void binaryBodyIsTheJsonHeaderThenLittleEndianFloats() throws Exception {
    V2RestTarget.Body body = V2RestTarget.body(RequestSpecs.fromJson(PT_LINEAR, 0, true));

    String header = "{\"parameters\":{\"signature_name\":\"serving_default\",\"binary_data_output\":true},"
        + "\"inputs\":[{\"name\":\"x\",\"shape\":[1,4],\"datatype\":\"FP32\","
        + "\"parameters\":{\"binary_data_size\":16}}]}";
    byte[] floats = {0, 0, (byte) 0x80, 0x3f, 0, 0, 0, 0x40, 0, 0, 0x40, 0x40, 0, 0, (byte) 0x80, 0x40};
    assertArrayEquals(concat(header.getBytes(StandardCharsets.UTF_8), floats), body.bytes());
    assertEquals(header.length(), body.headerLength());
  }

  @Test
  void binaryBodyPutsEachInputsBytesInInputOrder_bytesLengthPrefixed() {
    RequestSpec spec = RequestSpecs.fromCli("", List.of("n:DT_INT64:2=7,-3", "s:DT_STRING:1=ab"), true);
    V2RestTarget.Body body = V2RestTarget.body(spec);

    String header = "{\"parameters\":{\"binary_data_output\":true},\"inputs\":["
        + "{\"name\":\"n\",\"shape\":[2],\"datatype\":\"INT64\",\"parameters\":{\"binary_data_size\":16}},"
        + "{\"name\":\"s\",\"shape\":[1],\"datatype\":\"BYTES\",\"parameters\":{\"binary_data_size\":6}}]}";
    byte[] data = {7, 0, 0, 0, 0, 0, 0, 0, -3, -1, -1, -1, -1, -1, -1, -1, 2, 0, 0, 0, 'a', 'b'};
    assertArrayEquals(concat(header.getBytes(StandardCharsets.UTF_8), data), body.bytes());
    assertEquals(header.length(), body.headerLength());
  }

  @Test
  void halfHasNoJsonForm_theMessageSaysToSendItRaw() {
    RequestSpec spec = RequestSpecs.fromCli("", List.of("h:DT_HALF:2=1,2"), false);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> V2RestTarget.body(spec));
    assertEquals("input 'h': FP16 has no JSON form in v2 (it travels raw only); add --content", e.getMessage());
  }

  @Test
  void aJsonAnswerWithOutputsIsGood() {
    byte[] answer = utf8("{\"model_name\":\"m\",\"outputs\":[{\"name\":\"y\",\"shape\":[1,3],\"datatype\":\"FP32\","
        + "\"data\":[1.5,2,3]}]}");

    assertNull(V2RestTarget.problem(answer, answer.length));
  }

  @Test
  void aBinaryAnswerIsGoodWhenItsSizesAddUpToTheBytesAfterTheJson() {
    byte[] json = utf8("{\"model_name\":\"m\",\"outputs\":[{\"name\":\"y\",\"shape\":[1,3],\"datatype\":\"FP32\","
        + "\"parameters\":{\"binary_data_size\":12}}]}");

    assertNull(V2RestTarget.problem(concat(json, new byte[12]), json.length));
    assertEquals("the outputs' binary_data_size add up to 12 bytes, 8 follow the JSON",
        V2RestTarget.problem(concat(json, new byte[8]), json.length));
  }

  @Test
  void answersWithoutOutputsAreBad() {
    byte[] empty = utf8("{\"model_name\":\"m\",\"outputs\":[]}");
    byte[] error = utf8("{\"error\":\"no model\"}");
    byte[] noData = utf8("{\"outputs\":[{\"name\":\"y\",\"shape\":[1],\"datatype\":\"FP32\"}]}");
    byte[] notJson = utf8("<html>");

    assertEquals("the answer has no outputs", V2RestTarget.problem(empty, empty.length));
    assertEquals("the answer has no outputs", V2RestTarget.problem(error, error.length));
    assertEquals("outputs[0] has neither data nor parameters.binary_data_size",
        V2RestTarget.problem(noData, noData.length));
    assertTrue(V2RestTarget.problem(notJson, notJson.length).startsWith("the answer's JSON is not a v2 infer"));
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(a);
    out.writeBytes(b);
    return out.toByteArray();
  }
}
