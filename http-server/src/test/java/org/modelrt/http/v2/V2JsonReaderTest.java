package org.modelrt.http.v2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.modelrt.contract.DType;
import org.modelrt.contract.InvalidRequestException;
import org.modelrt.serving.codec.TensorText;
import org.modelrt.serving.codec.WireFormat;
import org.modelrt.serving.v2.V2Tensors;
import org.modelrt.wire.tensor.TensorProto;

/** v2 REST request JSON (and binary sections) into the core's TensorProtos, and every refusal in v2 terms. */
final class V2JsonReaderTest {
  private static V2InferRequest read(String json) {
    return V2JsonReader.read(json.getBytes(StandardCharsets.UTF_8), -1);
  }

  private static String input(String datatype, String shape, String data) {
    return "{\"id\": \"42\", \"inputs\": [{\"name\": \"x\", \"shape\": " + shape + ", \"datatype\": \"" + datatype
        + "\", \"data\": " + data + "}]}";
  }

  private static List<String> values(TensorProto t) {
    return TensorText.fromTensor(WireFormat.TENSOR_PROTO, t).values();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "BOOL|[true, false, true, false]|true,false,true,false|BOOL",
      "UINT8|[[0, 255], [128, 1]]|0,255,128,1|UINT8",
      "UINT16|[0, 65535, 2, 3]|0,65535,2,3|UINT16",
      "UINT32|[0, 4294967295, 2, 3]|0,4294967295,2,3|UINT32",
      "UINT64|[0, 18446744073709551615, 2, 3]|0,18446744073709551615,2,3|UINT64",
      "INT8|[-128, 127, 0, -1]|-128,127,0,-1|INT8",
      "INT16|[-32768, 32767, 0, -1]|-32768,32767,0,-1|INT16",
      "INT32|[-2147483648, 2147483647, 0, -1]|-2147483648,2147483647,0,-1|INT32",
      "INT64|[-9223372036854775808, 9223372036854775807, 9007199254740993, -1]|"
          + "-9223372036854775808,9223372036854775807,9007199254740993,-1|INT64",
      "FP32|[[1.5, -0.0], [3.4028235e38, 2]]|1.5,-0.0,3.4028235E38,2.0|FLOAT",
      "FP64|[1.7976931348623157e308, 4.9e-324, 0.1, -1]|1.7976931348623157E308,4.9E-324,0.1,-1.0|DOUBLE"})
  void everyDatatypeWithAJsonForm_readsNestedOrFlat_exactly(String datatype, String data, String expected,
      String dtype) {
    V2InferRequest r = read(input(datatype, "[2, 2]", data));

    TensorProto x = r.inputs().get("x");
    assertEquals(DType.valueOf(dtype).wireNumber(), x.getDtypeValue());
    assertArrayEquals(new long[] {2, 2}, V2Tensors.shapeOf(x));
    assertEquals(List.of(expected.split(",")), values(x));
    assertEquals("42", r.id());
  }

  @Test
  void bytes_areUtf8Strings_orBase64Objects() {
    TensorProto x = read(input("BYTES", "[3]", "[\"héllo\", \"\", {\"b64\": \"/wA=\"}]")).inputs().get("x");

    assertEquals(List.of(ByteString.copyFromUtf8("héllo"), ByteString.EMPTY, ByteString.copyFrom(new byte[] {-1, 0})),
        x.getStringValList());
  }

  @Test
  void dataBeforeDatatypeAndShape_isReadOnceTheyAreKnown_andUnknownFieldsAreIgnored() {
    V2InferRequest r = read("{\"inputs\": [{\"data\": [[1, 2]], \"name\": \"x\", \"extra\": {\"a\": [1]}, "
        + "\"datatype\": \"INT32\", \"shape\": [1, 2]}], \"unknown\": 3, \"parameters\": {\"signature_name\": \"add\", "
        + "\"whatever\": [1, {\"b\": 2}]}, \"outputs\": [{\"name\": \"y\", \"parameters\": {\"binary_data\": true}}]}");

    assertEquals(List.of("1", "2"), values(r.inputs().get("x")));
    assertEquals("add", r.signatureName());
    assertEquals(List.of("y"), r.outputNames());
    assertTrue(r.binary("y"));
    assertFalse(r.binary("z"));
  }

  @Test
  void binaryInputs_comeFromTheSectionAfterTheJson_inInputOrder_withoutCopying() {
    ByteBuffer floats = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2f);
    byte[] text = {2, 0, 0, 0, 'h', 'i'};
    String json = "{\"inputs\": [{\"name\": \"x\", \"shape\": [2], \"datatype\": \"FP32\", \"parameters\": "
        + "{\"binary_data_size\": 8}}, {\"name\": \"t\", \"shape\": [1], \"datatype\": \"BYTES\", \"parameters\": "
        + "{\"binary_data_size\": 6}}], \"parameters\": {\"binary_data_output\": true}}";
    byte[] head = json.getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[head.length + 14];
    System.arraycopy(head, 0, body, 0, head.length);
    System.arraycopy(floats.array(), 0, body, head.length, 8);
    System.arraycopy(text, 0, body, head.length + 8, 6);

    V2InferRequest r = V2JsonReader.read(body, head.length);

    assertEquals(List.of("1.5", "-2.0"), values(r.inputs().get("x")));
    assertEquals(List.of(ByteString.copyFromUtf8("hi")), r.inputs().get("t").getStringValList());
    assertTrue(r.binary("anything"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"inputs\": [|not valid JSON",
      "[1, 2]|the request: expected an object, received an array",
      "{\"inputs\": {}}|inputs: expected an array, received an object",
      "{\"inputs\": []}|inputs: expected at least one input",
      "{\"id\": 42, \"inputs\": []}|id: expected a string, received 42",
      "{\"inputs\": [{\"name\": \"x\", \"shape\": [2], \"datatype\": \"FLOAT32\", \"data\": [1, 2]}]}|"
          + "datatype 'FLOAT32' is not a v2 datatype",
      "{\"inputs\": [{\"name\": \"x\", \"shape\": [3], \"datatype\": \"FP32\", \"data\": [1, 2]}]}|"
          + "input 'x': shape has 3 elements, data has 2",
      "{\"inputs\": [{\"name\": \"x\", \"shape\": [2, 2], \"datatype\": \"FP32\", \"data\": [[1, 2], [3]]}]}|"
          + "input 'x': shape has 4 elements, data has 3",
      "{\"inputs\": [{\"name\": \"x\", \"shape\": [1], \"datatype\": \"FP32\", \"data\": [1, 2]}]}|"
          + "input 'x': shape has 1 elements, data has more",
      "{\"inputs\": [{\"name\": \"x\", \"shape\": [1], \"datatype\": \"FP32\", \"data\": [\"a\"]}]}|"
          + "input 'x': data[0]: datatype FP32 expects a number, received the string \"a\"",
      "{\"inputs\": [{\"name\": \"x\", \"shape\": [1], \"datatype\": \"INT32\", \"data\": [1.5]}]}|"
          + "datatype INT32 expects an integer, received 1.5",
      "{\"inputs\": [{\"name\": \"x\", \"shape\": [1], \"datatype\": \"UINT8\", \"data\": [256]}]}|"
          + "data[0] is 256, outside UINT8 [0, 255]",
      "{\"inputs\": [{\"name\": \"x\", \"shape\": [1], \"datatype\": \"BOOL\", \"data\": [1]}]}|"
          + "datatype BOOL expects true or false, received 1",
      "{\"inputs\": [{\"name\": \"x\", \"shape\": [1], \"datatype\": \"FP16\", \"data\": [1]}]}|"
          + "datatype FP16 has no JSON form",
      "{\"inputs\": [{\"name\": \"x\", \"shape\": [-1], \"datatype\": \"FP32\", \"data\": []}]}|"
          + "has a negative dim",
      "{\"inputs\": [{\"name\": \"x\", \"shape\": [1000000000000], \"datatype\": \"FP32\", \"data\": [1]}]}|"
          + "more than data can hold",
      "{\"inputs\": [{\"name\": \"x\", \"datatype\": \"FP32\", \"data\": [1]}]}|"
          + "name, datatype and shape are required",
      "{\"inputs\": [{\"name\": \"x\", \"shape\": [1], \"datatype\": \"FP32\", \"parameters\": {\"binary_data_size\": 4}}]}|"
          + "binary_data_size is 4, only 0 bytes of binary data remain",
      "{\"inputs\": [{\"name\": \"x\", \"shape\": [1], \"datatype\": \"FP32\", \"data\": [1]}, "
          + "{\"name\": \"x\", \"shape\": [1], \"datatype\": \"FP32\", \"data\": [1]}]}|input 'x' is sent twice"})
  void badRequests_areRefused_namingTheFieldExpectedAndReceived(String json, String message) {
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> read(json));

    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @Test
  void aBinarySizeThatDoesNotFitTheDatatype_isRefused() {
    String json = "{\"inputs\": [{\"name\": \"x\", \"shape\": [2], \"datatype\": \"FP32\", \"parameters\": "
        + "{\"binary_data_size\": 7}}]}";
    byte[] head = json.getBytes(StandardCharsets.UTF_8);
    byte[] body = java.util.Arrays.copyOf(head, head.length + 7);

    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> V2JsonReader.read(body,
        head.length));

    assertTrue(e.getMessage().contains("binary data has 7 bytes; datatype FP32 and shape [2] need 8"), e.getMessage());
  }
}
