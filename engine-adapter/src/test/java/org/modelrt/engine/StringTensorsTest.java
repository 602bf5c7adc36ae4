package org.modelrt.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.modelrt.contract.InvalidRequestException;
import org.modelrt.contract.Signature;

/** Byte strings into and out of DT_STRING arrays, per engine. */
final class StringTensorsTest {

  @Test
  void tensorFlowTakesAndReturnsAnyBytes() throws Exception {
    byte[] odd = {'a', 0, (byte) 0xff, (byte) 0xfe, (byte) 0xc3, 'b'};
    byte[] upper = {'A', 0, (byte) 0xff, (byte) 0xfe, (byte) 0xc3, 'B'}; // StringUpper: only a-z change
    try (LoadedModel model = Fixtures.load("tf_string");
        NDManager scope = model.newRequestScope()) {
      Signature signature = model.contract().signature("serving_default").orElseThrow();
      NDList outputs =
          model.predict(signature, new NDList(StringTensors.create(scope, new byte[][] {odd, {}}, new Shape(2))));
      assertArrayEquals(new int[] {6, 0}, outputs.get(signature.outputNames().indexOf("length")).toIntArray());
      byte[][] got = StringTensors.bytes(outputs.get(signature.outputNames().indexOf("upper")));
      assertArrayEquals(upper, got[0]);
      assertArrayEquals(new byte[0], got[1]);
    }
  }

  @Test
  void onnxRuntimeStringsAreUtf8Text() {
    DjlSettings.apply();
    try (NDManager scope = Engine.getEngine(EngineKind.ONNX_RUNTIME.djlName()).newBaseManager()) {
      byte[] text = "héllo ✓".getBytes(StandardCharsets.UTF_8);
      byte[][] back = StringTensors.bytes(StringTensors.create(scope, new byte[][] {text}, new Shape(1)));
      assertArrayEquals(text, back[0]);
      InvalidRequestException e =
          assertThrows(
              InvalidRequestException.class,
              () -> StringTensors.create(scope, new byte[][] {text, {(byte) 0xff}}, new Shape(2)));
      assertEquals(
          "string value 1 is not valid UTF-8 at byte 0 of 1; OnnxRuntime takes DT_STRING as UTF-8 text only",
          e.getMessage());
    }
  }

  @Test
  void bytesOfANumericArrayIsRefused() {
    DjlSettings.apply();
    try (NDManager scope = Engine.getEngine(EngineKind.ONNX_RUNTIME.djlName()).newBaseManager()) {
      assertThrows(IllegalArgumentException.class, () -> StringTensors.bytes(scope.create(new float[] {1f})));
    }
  }
}
