package org.modelrt.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.modelrt.contract.DType.ValueField.DCOMPLEX_VAL;
import static org.modelrt.contract.DType.ValueField.FLOAT_VAL;
import static org.modelrt.contract.DType.ValueField.HALF_VAL;
import static org.modelrt.contract.DType.ValueField.INT_VAL;
import static org.modelrt.contract.DType.ValueField.NONE;
import static org.modelrt.contract.DType.ValueField.UINT32_VAL;

import com.google.protobuf.ByteString;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.modelrt.contract.DType.ValueField;
import org.modelrt.wire.g3.Tensor;
import org.modelrt.wire.g3.TensorShape;

/** Which field a header counts values in, and which other non-empty field it reports as stray. */
class TensorHeadersTest {
  static Stream<Arguments> fields() {
    return Stream.of(
        row("float in float_val", RequestTensors.of(DType.FLOAT).values(FLOAT_VAL, 3), FLOAT_VAL, 3, null, 0),
        row("float with int_val next to it", RequestTensors.of(DType.FLOAT).values(FLOAT_VAL, 3).values(INT_VAL, 2),
            FLOAT_VAL, 3, "int_val", 2),
        row("float with variant_val next to it", RequestTensors.of(DType.FLOAT).values(FLOAT_VAL, 1).values(NONE, 1),
            FLOAT_VAL, 1, "variant_val", 1),
        row("uint16 in int_val", RequestTensors.of(DType.UINT16).values(INT_VAL, 4), INT_VAL, 4, null, 0),
        row("uint16 in uint32_val", RequestTensors.of(DType.UINT16).values(UINT32_VAL, 4), UINT32_VAL, 4, null, 0),
        row("uint16 in both", RequestTensors.of(DType.UINT16).values(INT_VAL, 4).values(UINT32_VAL, 1),
            INT_VAL, 4, "uint32_val", 1),
        row("int32 in uint32_val is stray", RequestTensors.of(DType.INT32).values(UINT32_VAL, 2),
            INT_VAL, 0, "uint32_val", 2),
        row("complex128 counts both halves", RequestTensors.of(DType.COMPLEX128).values(DCOMPLEX_VAL, 6),
            DCOMPLEX_VAL, 6, null, 0),
        row("half in half_val", RequestTensors.of(DType.HALF).values(HALF_VAL, 2), HALF_VAL, 2, null, 0),
        row("unknown dtype reads nothing", RequestTensors.ofNumber(99).values(FLOAT_VAL, 2),
            null, 0, "float_val", 2));
  }

  private static Arguments row(
      String name, RequestTensors tensor, ValueField read, long count, String stray, long strayCount) {
    return Arguments.of(name, tensor.header(), read, count, stray, strayCount);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fields")
  void countsTheDtypesFieldAndReportsAnyOther(
      String name, TensorHeader header, ValueField read, long count, String stray, long strayCount) {
    assertEquals(read, header.valueField());
    assertEquals(count, header.valueCount());
    assertEquals(stray, header.strayField());
    assertEquals(strayCount, header.strayCount());
  }

  @Test
  void contentMakesEveryTypedFieldStray() {
    TensorHeader header = RequestTensors.of(DType.FLOAT).content(8).values(FLOAT_VAL, 2).header();

    assertEquals(TensorHeader.Encoding.CONTENT, header.encoding());
    assertEquals(8, header.contentBytes());
    assertEquals("float_val", header.strayField());
    assertEquals(2, header.strayCount());
  }

  @Test
  void anAbsentShapeStaysNullAndAnEmptyOneIsAScalar() {
    assertNull(RequestTensors.of(DType.FLOAT).values(FLOAT_VAL, 1).header().dims());
    assertEquals(0, RequestTensors.of(DType.FLOAT).shape().values(FLOAT_VAL, 1).header().dims().length);
    assertNull(TensorHeaders.of(Tensor.newBuilder().setDtypeValue(1).addFloatVal(1).build()).dims());
    assertEquals(0, TensorHeaders.of(Tensor.newBuilder().setDtypeValue(1)
        .setTensorShape(TensorShape.getDefaultInstance()).addFloatVal(1).build()).dims().length);
  }

  @Test
  void unknownRankIsCarriedForTheValidatorToRefuse() {
    assertTrue(RequestTensors.of(DType.FLOAT).unknownRank().header().unknownRank());
    assertFalse(RequestTensors.of(DType.FLOAT).shape(1).header().unknownRank());
  }

  @Test
  void g3TensorReportsStrayValuesToo() {
    Tensor tensor = Tensor.newBuilder().setDtypeValue(DType.INT64.wireNumber())
        .setBinaryVal(ByteString.copyFrom(new byte[16])).addInt64Val(1).build();

    TensorHeader header = TensorHeaders.of(tensor);

    assertEquals(16, header.contentBytes());
    assertEquals("int64_val", header.strayField());
    assertEquals(1, header.strayCount());
  }
}
