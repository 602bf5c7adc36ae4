package org.modelrt.serving.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.modelrt.contract.DType;
import org.modelrt.wire.g3.Tensor;
import org.modelrt.wire.tensor.TensorProto;

/** Tensors from and to text values, for the clients. */
final class TensorTextTest {

  @Test
  void numbers_goIntoTheTypedField_orTheContent() {
    TensorProto typed = TensorText.toTensor(WireFormat.TENSOR_PROTO, DType.INT16, new long[] {3},
        List.of("-1", "300", "2.0"), false);
    Tensor content = TensorText.toTensor(WireFormat.G3_TENSOR, DType.INT16, new long[] {3},
        List.of("-1", "300", "2.0"), true);

    assertEquals(List.of(-1, 300, 2), typed.getIntValList());
    assertEquals(3, typed.getTensorShape().getDim(0).getSize());
    assertArrayEquals(HexFormat.of().parseHex("ffff2c010200"), content.getBinaryVal().toByteArray());
  }

  @Test
  void valuesReadBack_fromEitherEncoding_andEveryUnsignedRange() {
    for (boolean asContent : new boolean[] {false, true}) {
      Tensor t = TensorText.toTensor(WireFormat.G3_TENSOR, DType.UINT64, new long[] {2},
          List.of("18446744073709551615", "7"), asContent);

      TensorText.Values v = TensorText.fromTensor(WireFormat.G3_TENSOR, t);

      assertEquals(DType.UINT64, v.dtype());
      assertArrayEquals(new long[] {2}, v.shape());
      assertEquals(List.of("18446744073709551615", "7"), v.values());
    }
  }

  @Test
  void halfValues_areWrittenAsTheFloatsTheyStandFor() {
    TensorProto h = TensorText.toTensor(WireFormat.TENSOR_PROTO, DType.HALF, new long[] {2}, List.of("1", "-2.5"),
        false);

    assertEquals(List.of(0x3C00, 0xC100), h.getHalfValList());
    assertEquals(List.of("1.0", "-2.5"), TensorText.fromTensor(WireFormat.TENSOR_PROTO, h).values());
  }

  @Test
  void strings_areByteStrings() {
    String raw = TensorText.byteString(HexFormat.of().parseHex("ff00c3a9"));
    TensorProto s = TensorText.toTensor(WireFormat.TENSOR_PROTO, DType.STRING, new long[] {1}, List.of(raw), false);

    assertArrayEquals(HexFormat.of().parseHex("ff00c3a9"), s.getStringVal(0).toByteArray());
    assertEquals(List.of(raw), TensorText.fromTensor(WireFormat.TENSOR_PROTO, s).values());
  }

  @Test
  void aValueOutsideItsType_isRefused() {
    assertThrows(NumberFormatException.class, () -> TensorText.toTensor(WireFormat.TENSOR_PROTO, DType.UINT8,
        new long[] {1}, List.of("256"), false));
    assertThrows(ArithmeticException.class, () -> TensorText.toTensor(WireFormat.TENSOR_PROTO, DType.INT32,
        new long[] {1}, List.of("1.5"), false));
    assertThrows(IllegalArgumentException.class, () -> TensorText.toTensor(WireFormat.TENSOR_PROTO, DType.BOOL,
        new long[] {1}, List.of("yes"), false));
  }
}
