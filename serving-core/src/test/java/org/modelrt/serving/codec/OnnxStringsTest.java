package org.modelrt.serving.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.google.protobuf.ByteString;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.modelrt.contract.InvalidRequestException;
import org.modelrt.contract.Signature;
import org.modelrt.contract.ValidatedInput;
import org.modelrt.engine.EngineOptions;
import org.modelrt.engine.LoadedModel;
import org.modelrt.engine.ModelLoader;
import org.modelrt.fixtures.TestModels;
import org.modelrt.wire.tensor.TensorProto;

/**
 * DT_STRING through the codec on ONNX Runtime, with onnx_string (an Identity over strings): the model holds the
 * caller's UTF-8 text (not each byte widened to a char, which an identity would hide by undoing it on the way back),
 * non-ASCII and empty strings come back byte for byte, and bytes that are not UTF-8 are the caller's error.
 */
final class OnnxStringsTest {
  private static final List<String> TEXTS = List.of("h\u00e9llo", "", "\u65e5\u672c\u8a9e", "\ud83d\ude00 ok");
  private static LoadedModel model;
  private static Signature signature;

  @BeforeAll
  static void load() throws Exception {
    model = ModelLoader.load(TestModels.dir("onnx_string"), EngineOptions.defaults().withPredictors(1));
    signature = model.contract().defaultSignature().orElseThrow();
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static TensorProto strings(List<byte[]> values) {
    TensorProto.Builder b = TensorProto.newBuilder().setDtypeValue(7);
    values.forEach(v -> b.addStringVal(ByteString.copyFrom(v)));
    return b.build();
  }

  private static NDArray decode(TensorProto tensor, NDManager scope) {
    ValidatedInput input =
        new ValidatedInput(signature.inputs().get(0), new long[] {tensor.getStringValCount()}, false);
    return TensorCodec.decode(WireFormat.TENSOR_PROTO, tensor, WireFormat.TENSOR_PROTO.header(tensor), input, scope);
  }

  @Test
  void theModelHoldsTheUtf8Text_andAnswersTheSameBytes() {
    List<byte[]> sent = TEXTS.stream().map(t -> t.getBytes(UTF_8)).toList();
    try (NDManager scope = model.newRequestScope()) {
      NDArray text = decode(strings(sent), scope);
      // what ONNX Runtime holds, read back through its own UTF-8 conversion: the text, not "hÃ©llo"
      assertEquals(TEXTS, List.of(text.toStringArray(UTF_8)));
      NDList outputs = model.predict(signature, new NDList(text));
      TensorProto echo = TensorCodec.encode(WireFormat.TENSOR_PROTO, outputs.get(0), signature.outputs().get(0),
          false);
      assertEquals(sent.size(), echo.getStringValCount());
      for (int i = 0; i < sent.size(); i++) {
        assertArrayEquals(sent.get(i), echo.getStringVal(i).toByteArray(), "value " + i);
      }
    }
  }

  @Test
  void bytesThatAreNotUtf8AreRefusedNamingTheFieldAndTheByte() {
    byte[] notUtf8 = {'a', (byte) 0xC3, 0x28, (byte) 0xFF};
    try (NDManager scope = model.newRequestScope()) {
      InvalidRequestException e = assertThrows(InvalidRequestException.class,
          () -> decode(strings(List.of("ok".getBytes(UTF_8), notUtf8)), scope));
      assertEquals("input 'text': string value 1 is not valid UTF-8 at byte 1 of 4; OnnxRuntime takes DT_STRING as"
          + " UTF-8 text only", e.getMessage());
    }
  }
}
