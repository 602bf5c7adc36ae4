package org.modelrt.serving.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.modelrt.contract.DType;
import org.modelrt.wire.g3.Tensor;
import org.modelrt.wire.tensor.TensorProto;

/**
 * Every row of the per-type table against little-endian bytes written out by hand, in both directions and for both
 * generations' messages (their value fields share numbers and types).
 */
final class ElementCodecTest {

  /** dtype, a G1/G2 tensor with the typed values, their element bytes in hex (little-endian), element count. */
  static Stream<Arguments> rows() {
    return Stream.of(
        row(DType.FLOAT, TensorProto.newBuilder().addFloatVal(1.5f).addFloatVal(-2f), "0000c03f000000c0", 2),
        row(DType.DOUBLE, TensorProto.newBuilder().addDoubleVal(1.0), "000000000000f03f", 1),
        row(DType.INT32, TensorProto.newBuilder().addIntVal(-2).addIntVal(0x01020304), "feffffff04030201", 2),
        row(DType.INT16, TensorProto.newBuilder().addIntVal(-2).addIntVal(0x0102), "feff0201", 2),
        row(DType.UINT16, TensorProto.newBuilder().addIntVal(65535).addIntVal(258), "ffff0201", 2),
        row(DType.INT8, TensorProto.newBuilder().addIntVal(-128).addIntVal(127), "807f", 2),
        row(DType.UINT8, TensorProto.newBuilder().addIntVal(255).addIntVal(1), "ff01", 2),
        row(DType.INT64, TensorProto.newBuilder().addInt64Val(-2).addInt64Val(0x0102030405060708L),
            "feffffffffffffff0807060504030201", 2),
        row(DType.UINT32, TensorProto.newBuilder().addUint32Val(-1).addUint32Val(7), "ffffffff07000000", 2),
        row(DType.UINT64, TensorProto.newBuilder().addUint64Val(-1L), "ffffffffffffffff", 1),
        row(DType.BOOL, TensorProto.newBuilder().addBoolVal(true).addBoolVal(false), "0100", 2),
        row(DType.HALF, TensorProto.newBuilder().addHalfVal(0x3C00).addHalfVal(0xC000), "003c00c0", 2),
        row(DType.BFLOAT16, TensorProto.newBuilder().addHalfVal(0x3F80), "803f", 1),
        row(DType.COMPLEX64, TensorProto.newBuilder().addScomplexVal(1f).addScomplexVal(-1f), "0000803f000080bf", 1));
  }

  private static Arguments row(DType dtype, TensorProto.Builder typed, String hex, int n) {
    return Arguments.of(dtype, typed.setDtypeValue(dtype.wireNumber()).build(), HexFormat.of().parseHex(hex), n);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void typedValues_decodeToTheirLittleEndianBytes(DType dtype, TensorProto typed, byte[] bytes, int n) {
    ByteBuffer out = ByteBuffer.allocate(bytes.length).order(ByteOrder.LITTLE_ENDIAN);

    ElementCodec.forType(dtype).decodeTyped(WireFormat.TENSOR_PROTO.view(typed), n, false, out);

    assertArrayEquals(bytes, out.array());
    assertEquals(bytes.length, n * dtype.elementSize());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void littleEndianBytes_encodeToTheSameTypedValues_inBothGenerations(DType dtype, TensorProto typed, byte[] bytes,
      int n) throws Exception {
    WireTensorBuilder<TensorProto> g2 = WireFormat.TENSOR_PROTO.newBuilder();
    WireTensorBuilder<Tensor> g3 = WireFormat.G3_TENSOR.newBuilder();
    g2.setDtype(dtype.wireNumber());
    g3.setDtype(dtype.wireNumber());

    ElementCodec.forType(dtype).encodeTyped(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN), n, g2);
    ElementCodec.forType(dtype).encodeTyped(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN), n, g3);

    assertEquals(typed, g2.build());
    // The value fields have the same numbers and types in G3: the bytes after the shape are identical.
    assertEquals(typed.toByteString(), TensorProto.parseFrom(g3.build().toByteString()).toByteString());
  }

  @Test
  void broadcast_repeatsTheFirstValue() {
    TensorProto one = TensorProto.newBuilder().addIntVal(-3).build();
    ByteBuffer out = ByteBuffer.allocate(3).order(ByteOrder.LITTLE_ENDIAN);

    ElementCodec.INT8.decodeTyped(WireFormat.TENSOR_PROTO.view(one), 3, true, out);

    assertArrayEquals(new byte[] {-3, -3, -3}, out.array());
  }

  @Test
  void uint16SentInUint32Val_isReadFromThere() {
    TensorProto t = TensorProto.newBuilder().addUint32Val(65535).addUint32Val(258).build();
    ByteBuffer out = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);

    ElementCodec.forField(DType.UINT16, DType.ValueField.UINT32_VAL)
        .decodeTyped(WireFormat.TENSOR_PROTO.view(t), 2, false, out);

    assertArrayEquals(HexFormat.of().parseHex("ffff0201"), out.array());
    assertEquals(ElementCodec.UINT16, ElementCodec.forField(DType.UINT16, DType.ValueField.INT_VAL));
  }

  @Test
  void typesNoEngineTakes_haveNoRow() {
    for (DType t : new DType[] {DType.STRING, DType.COMPLEX128, DType.QINT8, DType.RESOURCE, DType.MAP}) {
      assertNull(ElementCodec.forType(t), t.toString());
    }
  }
}
