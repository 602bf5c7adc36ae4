package org.modelrt.serving.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.modelrt.contract.DType;
import org.modelrt.contract.Field;
import org.modelrt.contract.InvalidRequestException;
import org.modelrt.contract.Shape;
import org.modelrt.contract.TensorHeader;
import org.modelrt.contract.ValidatedInput;
import org.modelrt.wire.g3.Tensor;
import org.modelrt.wire.tensor.TensorProto;
import org.modelrt.wire.tensor.TensorShapeProto;

/** Wire tensors into real DJL arrays and back: PyTorch for numbers, TensorFlow for strings, ONNX for bfloat16. */
final class TensorCodecTest {
  private static NDManager pytorch;
  private static NDManager tensorflow;
  private static NDManager onnx;

  @BeforeAll
  static void managers() {
    pytorch = NDManager.newBaseManager("PyTorch");
    tensorflow = NDManager.newBaseManager("TensorFlow");
    onnx = NDManager.newBaseManager("OnnxRuntime");
  }

  @AfterAll
  static void close() {
    pytorch.close();
    tensorflow.close();
    onnx.close();
  }

  private static ValidatedInput input(DType dtype, long... shape) {
    return new ValidatedInput(Field.tensor("v", dtype, Shape.unknownRank()), shape, false);
  }

  private static byte[] bytesOf(NDArray array) {
    ByteBuffer b = array.toByteBuffer();
    byte[] bytes = new byte[b.remaining()];
    b.get(bytes);
    return bytes;
  }

  private static <T> NDArray decode(WireFormat<T> format, T tensor, ValidatedInput input, NDManager scope) {
    return TensorCodec.decode(format, tensor, format.header(tensor), input, scope);
  }

  @Test
  void typedFloats_becomeAFloat32Array_ofTheValidatedShape() {
    TensorProto x = TensorProto.newBuilder().setDtypeValue(1).addFloatVal(1.5f).addFloatVal(-2).addFloatVal(0)
        .addFloatVal(3).build();

    NDArray array = decode(WireFormat.TENSOR_PROTO, x, input(DType.FLOAT, 2, 2), pytorch);

    assertEquals(DataType.FLOAT32, array.getDataType());
    assertArrayEquals(new long[] {2, 2}, array.getShape().getShape());
    assertArrayEquals(new float[] {1.5f, -2, 0, 3}, array.toFloatArray());
  }

  @Test
  void content_isCopiedAsIs_andEncodesBackAsContentOrTyped() {
    byte[] le = HexFormat.of().parseHex("feffffffffffffff0807060504030201");
    Tensor ids = Tensor.newBuilder().setDtypeValue(DType.INT64.wireNumber()).setBinaryVal(ByteString.copyFrom(le))
        .build();

    NDArray array = decode(WireFormat.G3_TENSOR, ids, input(DType.INT64, 2), pytorch);
    Field out = Field.tensor("ids", DType.INT64, Shape.of(-1));

    assertArrayEquals(new long[] {-2, 0x0102030405060708L}, array.toLongArray());
    assertEquals(ByteString.copyFrom(le), TensorCodec.encode(WireFormat.G3_TENSOR, array, out, true).getBinaryVal());
    Tensor typed = TensorCodec.encode(WireFormat.G3_TENSOR, array, out, false);
    assertEquals(List.of(-2L, 0x0102030405060708L), typed.getInt64ValList());
    assertTrue(typed.getBinaryVal().isEmpty());
    assertEquals(List.of(2L), typed.getTensorShape().getDimsList());
  }

  @Test
  void everyPyTorchType_roundTripsTypedValues() {
    for (DType dtype : List.of(DType.FLOAT, DType.DOUBLE, DType.HALF, DType.INT8, DType.UINT8, DType.INT32,
        DType.INT64, DType.BOOL)) {
      List<String> values = switch (dtype) {
        case BOOL -> List.of("true", "false");
        case UINT8 -> List.of("1", "255");
        default -> List.of("1", "-1");
      };
      TensorProto sent = TensorText.toTensor(WireFormat.TENSOR_PROTO, dtype, new long[] {2, 1}, values, false);

      NDArray array = decode(WireFormat.TENSOR_PROTO, sent, input(dtype, 2, 1), pytorch);
      TensorProto back = TensorCodec.encode(WireFormat.TENSOR_PROTO, array, Field.tensor("v", dtype,
          Shape.unknownRank()), false);

      assertEquals(sent, back, dtype.toString());
    }
  }

  @Test
  void halfValues_keepTheirBitPatterns() {
    TensorProto half = TensorProto.newBuilder().setDtypeValue(DType.HALF.wireNumber()).addHalfVal(0x3C00)
        .addHalfVal(0x7BFF).addHalfVal(0x0001).build();

    NDArray array = decode(WireFormat.TENSOR_PROTO, half, input(DType.HALF, 3), pytorch);

    assertEquals(DataType.FLOAT16, array.getDataType());
    assertArrayEquals(HexFormat.of().parseHex("003cff7b0100"), bytesOf(array));
    assertEquals(List.of(0x3C00, 0x7BFF, 0x0001), TensorCodec.encode(WireFormat.TENSOR_PROTO, array,
        Field.tensor("h", DType.HALF, Shape.of(-1)), false).getHalfValList());
  }

  @Test
  void bfloat16_travelsInHalfVal_throughOnnxRuntime() {
    TensorProto b = TensorProto.newBuilder().setDtypeValue(DType.BFLOAT16.wireNumber()).addHalfVal(0x3F80)
        .addHalfVal(0xC000).build();

    NDArray array = decode(WireFormat.TENSOR_PROTO, b, input(DType.BFLOAT16, 2), onnx);

    assertEquals(DataType.BFLOAT16, array.getDataType());
    assertArrayEquals(HexFormat.of().parseHex("803f00c0"), bytesOf(array));
  }

  @Test
  void strings_keepEveryByte_includingInvalidUtf8AndEmpty() {
    ByteString[] values = {ByteString.copyFromUtf8("héllo"), ByteString.EMPTY,
        ByteString.copyFrom(HexFormat.of().parseHex("61c328ff807a00"))};
    TensorProto sent = TensorProto.newBuilder().setDtypeValue(DType.STRING.wireNumber())
        .setTensorShape(TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dim.newBuilder().setSize(3)))
        .addAllStringVal(List.of(values)).build();

    NDArray array = decode(WireFormat.TENSOR_PROTO, sent, input(DType.STRING, 3), tensorflow);
    TensorProto back = TensorCodec.encode(WireFormat.TENSOR_PROTO, array,
        Field.tensor("v", DType.STRING, Shape.of(-1)), true);

    assertEquals(sent, back);
  }

  @Test
  void aSingleValue_broadcastsOverTheShape_typedOrContent() {
    TensorProto typed = TensorProto.newBuilder().setDtypeValue(1).addFloatVal(2.5f).build();
    TensorProto content = TensorProto.newBuilder().setDtypeValue(1)
        .setTensorContent(ByteString.copyFrom(HexFormat.of().parseHex("00002040"))).build();
    ValidatedInput broadcast = new ValidatedInput(Field.tensor("v", DType.FLOAT, Shape.of(-1)), new long[] {3}, true);

    assertArrayEquals(new float[] {2.5f, 2.5f, 2.5f},
        decode(WireFormat.TENSOR_PROTO, typed, broadcast, pytorch).toFloatArray());
    assertArrayEquals(new float[] {2.5f, 2.5f, 2.5f},
        decode(WireFormat.TENSOR_PROTO, content, broadcast, pytorch).toFloatArray());
  }

  @Test
  void scalar_hasAnEmptyShape_andEncodesWithAPresentEmptyShape() {
    TensorProto five = TensorProto.newBuilder().setDtypeValue(DType.INT32.wireNumber()).addIntVal(5).build();

    NDArray array = decode(WireFormat.TENSOR_PROTO, five, input(DType.INT32), pytorch);
    TensorProto back = TensorCodec.encode(WireFormat.TENSOR_PROTO, array, Field.tensor("s", DType.INT32,
        Shape.scalar()), false);

    assertEquals(0, array.getShape().dimension());
    assertTrue(back.hasTensorShape());
    assertEquals(0, back.getTensorShape().getDimCount());
    assertEquals(List.of(5), back.getIntValList());
  }

  @Test
  void contentOfTheWrongLength_isInvalidRequest_namingTheInput() {
    TensorProto x = TensorProto.newBuilder().setDtypeValue(1).setTensorContent(ByteString.copyFrom(new byte[6]))
        .build();

    InvalidRequestException e = assertThrows(InvalidRequestException.class,
        () -> decode(WireFormat.TENSOR_PROTO, x, input(DType.FLOAT, 2), pytorch));

    assertTrue(e.getMessage().contains("'v'") && e.getMessage().contains("6 bytes")
        && e.getMessage().contains("8"), e.getMessage());
  }

  @Test
  void tooFewTypedValues_isInvalidRequest() {
    TensorProto x = TensorProto.newBuilder().setDtypeValue(1).addFloatVal(1).build();
    TensorHeader header = new TensorHeader(1, new long[] {3}, TensorHeader.Encoding.TYPED_VALUES, 1, 0);

    InvalidRequestException e = assertThrows(InvalidRequestException.class,
        () -> TensorCodec.decode(WireFormat.TENSOR_PROTO, x, header, input(DType.FLOAT, 3), pytorch));

    assertTrue(e.getMessage().contains("float_val holds 1 values, 3 needed"), e.getMessage());
  }

  @Test
  void anEngineArrayOfAnotherDtypeThanTheContract_isAnInternalError() {
    NDArray doubles = pytorch.create(new double[] {1, 2});

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> TensorCodec.encode(
        WireFormat.TENSOR_PROTO, doubles, Field.tensor("y", DType.FLOAT, Shape.of(-1)), false));

    assertTrue(e.getMessage().contains("'y'") && e.getMessage().contains("DT_FLOAT"), e.getMessage());
  }
}
