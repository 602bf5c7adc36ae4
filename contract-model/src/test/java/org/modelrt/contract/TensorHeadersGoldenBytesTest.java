package org.modelrt.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.modelrt.contract.DType.ValueField;
import org.modelrt.contract.TensorHeader.Encoding;
import org.modelrt.wire.g3.Tensor;
import org.modelrt.wire.g3.TensorShape;
import org.modelrt.wire.tensor.DataType;
import org.modelrt.wire.tensor.TensorProto;
import org.modelrt.wire.tensor.TensorShapeProto;

/**
 * Tensors written byte by byte from upstream's field numbers (docs/hydrosphere-upstream.md, "Tensor messages"), so the
 * .proto definitions are checked against the wire format and not against themselves: each golden must parse to the
 * stated values and our builders must write exactly those bytes.
 */
class TensorHeadersGoldenBytesTest {

  @Test
  void tensorProtoWithTypedValues() throws Exception {
    byte[] golden = Hex.bytes(
        "08 01"                            // dtype (1, varint) = 1 DT_FLOAT
            + " 12 04 12 02 08 02"         // tensor_shape (2, len 4) { dim (2, len 2) { size (1) = 2 } }
            + " 2a 08 0000803f 00000040"); // float_val (5, packed, len 8) = 1.0f, 2.0f little-endian
    TensorProto parsed = TensorProto.parseFrom(golden);

    assertEquals(List.of(1.0f, 2.0f), parsed.getFloatValList());
    TensorProto built = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT)
        .setTensorShape(TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dim.newBuilder().setSize(2)))
        .addFloatVal(1.0f).addFloatVal(2.0f).build();
    assertArrayEquals(golden, built.toByteArray());

    TensorHeader header = TensorHeaders.of(parsed);
    assertEquals(1, header.dtypeNumber());
    assertArrayEquals(new long[] {2}, header.dims());
    assertEquals(Encoding.TYPED_VALUES, header.encoding());
    assertEquals(ValueField.FLOAT_VAL, header.valueField());
    assertEquals(2, header.valueCount());
    assertEquals(0, header.contentBytes());
    assertNull(header.strayField());
  }

  @Test
  void tensorProtoWithTensorContent() throws Exception {
    byte[] golden = Hex.bytes(
        "08 03"                                     // dtype = 3 DT_INT32
            + " 12 04 12 02 08 03"                  // tensor_shape { dim { size = 3 } }
            + " 22 0c 01000000 02000000 ffffffff"); // tensor_content (4, len 12) = int32 LE 1, 2, -1
    TensorProto parsed = TensorProto.parseFrom(golden);

    ByteBuffer content = parsed.getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(List.of(1, 2, -1), List.of(content.getInt(), content.getInt(), content.getInt()));
    TensorProto built = TensorProto.newBuilder().setDtype(DataType.DT_INT32)
        .setTensorShape(TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dim.newBuilder().setSize(3)))
        .setTensorContent(ByteString.copyFrom(Hex.bytes("01000000 02000000 ffffffff"))).build();
    assertArrayEquals(golden, built.toByteArray());

    TensorHeader header = TensorHeaders.of(parsed);
    assertEquals(3, header.dtypeNumber());
    assertArrayEquals(new long[] {3}, header.dims());
    assertEquals(Encoding.CONTENT, header.encoding());
    assertNull(header.valueField());
    assertEquals(0, header.valueCount());
    assertEquals(12, header.contentBytes());
  }

  @Test
  void tensorProtoScalarHasAPresentEmptyShape() throws Exception {
    byte[] golden = Hex.bytes(
        "08 07"               // dtype = 7 DT_STRING
            + " 12 00"        // tensor_shape present, no dims: a scalar
            + " 42 02 6869"); // string_val (8, len 2) = "hi"
    TensorProto parsed = TensorProto.parseFrom(golden);

    assertEquals(ByteString.copyFromUtf8("hi"), parsed.getStringVal(0));
    TensorHeader header = TensorHeaders.of(parsed);
    assertArrayEquals(new long[] {}, header.dims());
    assertEquals(ValueField.STRING_VAL, header.valueField());
    assertEquals(1, header.valueCount());
  }

  @Test
  void g3TensorWithBinaryVal() throws Exception {
    byte[] golden = Hex.bytes(
        "08 01"                            // dtype = 1 DT_FLOAT
            + " 12 03 0a 01 02"            // tensor_shape (2, len 3) { dims (1, packed, len 1) = [2] }
            + " 22 08 0000803f 00000040"); // binary_val (4, len 8) = 1.0f, 2.0f little-endian
    Tensor parsed = Tensor.parseFrom(golden);

    ByteBuffer content = parsed.getBinaryVal().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(List.of(1.0f, 2.0f), List.of(content.getFloat(), content.getFloat()));
    Tensor built = Tensor.newBuilder().setDtype(org.modelrt.wire.g3.DataType.DT_FLOAT)
        .setTensorShape(TensorShape.newBuilder().addDims(2))
        .setBinaryVal(ByteString.copyFrom(Hex.bytes("0000803f 00000040"))).build();
    assertArrayEquals(golden, built.toByteArray());

    TensorHeader header = TensorHeaders.of(parsed);
    assertArrayEquals(new long[] {2}, header.dims());
    assertEquals(Encoding.CONTENT, header.encoding());
    assertEquals(8, header.contentBytes());
    assertNull(header.strayField());
  }

  @Test
  void g3TensorWithTypedValuesAndAMinusOneDim() throws Exception {
    byte[] golden = Hex.bytes(
        "08 09"                                      // dtype = 9 DT_INT64
            + " 12 0c 0a 0a ffffffffffffffffff01"    // tensor_shape { dims (packed, len 10) = [-1], a 10-byte varint }
            + " 52 03 07 ac02");                     // int64_val (10, packed, len 3) = 7, 300 (0xac 0x02)
    Tensor parsed = Tensor.parseFrom(golden);

    assertEquals(List.of(7L, 300L), parsed.getInt64ValList());
    Tensor built = Tensor.newBuilder().setDtype(org.modelrt.wire.g3.DataType.DT_INT64)
        .setTensorShape(TensorShape.newBuilder().addDims(-1)).addInt64Val(7).addInt64Val(300).build();
    assertArrayEquals(golden, built.toByteArray());

    TensorHeader header = TensorHeaders.of(parsed);
    assertEquals(9, header.dtypeNumber());
    assertArrayEquals(new long[] {-1}, header.dims());
    assertEquals(ValueField.INT64_VAL, header.valueField());
    assertEquals(2, header.valueCount());
    assertEquals(0, header.contentBytes());
  }
}
