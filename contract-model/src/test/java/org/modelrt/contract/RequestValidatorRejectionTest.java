package org.modelrt.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.modelrt.contract.DType.ValueField.BOOL_VAL;
import static org.modelrt.contract.DType.ValueField.FLOAT_VAL;
import static org.modelrt.contract.DType.ValueField.INT_VAL;
import static org.modelrt.contract.DType.ValueField.MAP_VAL;
import static org.modelrt.contract.DType.ValueField.NONE;
import static org.modelrt.contract.DType.ValueField.SCOMPLEX_VAL;
import static org.modelrt.contract.DType.ValueField.STRING_VAL;
import static org.modelrt.contract.DType.ValueField.UINT32_VAL;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One row per validation rule: a request that is valid in every respect but the one the row breaks, and the exact
 * message. An exact message makes each row fail if its rule were missing, because then a later rule (or none) would
 * answer instead.
 */
class RequestValidatorRejectionTest {
  private static final long LIMIT = 1000;

  static Stream<Arguments> rejections() {
    Field floats23 = Field.tensor("x", DType.FLOAT, Shape.of(2, 3));
    Field floatsAny3 = Field.tensor("x", DType.FLOAT, Shape.of(-1, 3));
    Field floatsAnyShape = Field.tensor("x", DType.FLOAT, Shape.unknownRank());
    Field anyType2 = Field.tensor("x", DType.ANY, Shape.of(2));
    return Stream.of(
        row("wrong dtype", floats23, RequestTensors.of(DType.INT32).shape(2, 3).values(INT_VAL, 6),
            "input 'x': expected dtype DT_FLOAT, received DT_INT32"),
        row("dtype DT_INVALID", floats23, RequestTensors.ofNumber(0).shape(2, 3).values(FLOAT_VAL, 6),
            "input 'x': expected dtype DT_FLOAT, received DT_INVALID"),
        row("unknown dtype number", floats23, RequestTensors.ofNumber(99).shape(2, 3).values(FLOAT_VAL, 6),
            "input 'x': expected dtype DT_FLOAT, received 99, not a known DataType"),
        row("DT_MAP input", anyType2, RequestTensors.of(DType.MAP).shape(2).values(MAP_VAL, 2),
            "input 'x': expected dtype DT_ANY, received DT_MAP, which inputs cannot be"),
        row("DT_VARIANT input", anyType2, RequestTensors.of(DType.VARIANT).shape(2).values(NONE, 2),
            "input 'x': expected dtype DT_ANY, received DT_VARIANT, which inputs cannot be"),
        row("DT_RESOURCE input", anyType2, RequestTensors.of(DType.RESOURCE).shape(2).values(NONE, 2),
            "input 'x': expected dtype DT_ANY, received DT_RESOURCE, which inputs cannot be"),
        row("DataType 24 input: DT_ANY in G3, nothing in TensorFlow's DataType", anyType2,
            RequestTensors.ofNumber(24).shape(2).values(FLOAT_VAL, 2),
            "input 'x': expected dtype DT_ANY, received DataType 24, which inputs cannot be (DT_ANY in G3, no type "
                + "in the G1/G2 DataType)"),
        row("contract field with subfields",
            new Field("x", DType.MAP, Shape.unknownRank(), List.of(Field.tensor("y", DType.FLOAT, Shape.scalar()))),
            RequestTensors.of(DType.MAP).shape(1).values(MAP_VAL, 1),
            "input 'x': the contract declares a map of subfields [y: DT_FLOAT []]; map inputs are not supported"),
        row("values in a field that is not the dtype's", floats23,
            RequestTensors.of(DType.FLOAT).shape(2, 3).values(FLOAT_VAL, 6).values(INT_VAL, 3),
            "input 'x': DT_FLOAT values belong in float_val, received int_val (3 values)"),
        row("values only in a field that is not the dtype's", floats23,
            RequestTensors.of(DType.FLOAT).shape(2, 3).values(INT_VAL, 6),
            "input 'x': DT_FLOAT values belong in float_val, received int_val (6 values)"),
        row("typed values next to tensor_content", floats23,
            RequestTensors.of(DType.FLOAT).shape(2, 3).content(24).values(FLOAT_VAL, 6),
            "input 'x': values in both tensor_content/binary_val (24 bytes) and float_val (6 values); send them in one"),
        row("DT_UINT16 in both int_val and uint32_val", Field.tensor("x", DType.UINT16, Shape.of(2)),
            RequestTensors.of(DType.UINT16).shape(2).values(INT_VAL, 2).values(UINT32_VAL, 2),
            "input 'x': DT_UINT16 values in both int_val (2 values) and uint32_val (2 values); send them in one"),
        row("unknown_rank in a request", floatsAnyShape,
            RequestTensors.of(DType.FLOAT).unknownRank().values(FLOAT_VAL, 1),
            "input 'x': expected shape <any rank>, received tensor_shape.unknown_rank = true; "
                + "a request must give its dims"),
        row("rank mismatch", floatsAny3, RequestTensors.of(DType.FLOAT).shape(3).values(FLOAT_VAL, 3),
            "input 'x': expected shape [-1,3] (rank 2), received [3] (rank 1)"),
        row("no shape under a known rank is a scalar, so not rank 1", Field.tensor("x", DType.FLOAT, Shape.of(1)),
            RequestTensors.of(DType.FLOAT).values(FLOAT_VAL, 1),
            "input 'x': expected shape [1], received a tensor without tensor_shape, read as a scalar (1 value), with 1 "
                + "values in float_val; send its tensor_shape"),
        row("no shape and several values under a known rank", floatsAny3,
            RequestTensors.of(DType.FLOAT).values(FLOAT_VAL, 6),
            "input 'x': expected shape [-1,3], received a tensor without tensor_shape, read as a scalar (1 value), "
                + "with 6 values in float_val; send its tensor_shape"),
        row("no shape and content of several elements under a known rank", floatsAny3,
            RequestTensors.of(DType.FLOAT).content(24),
            "input 'x': expected shape [-1,3], received a tensor without tensor_shape, read as a scalar (1 value), "
                + "with 24 bytes of tensor_content/binary_val; send its tensor_shape"),
        row("no shape under unknown rank, over the element limit", floatsAnyShape,
            RequestTensors.of(DType.FLOAT).values(FLOAT_VAL, 1001),
            "input 'x': received no tensor_shape and 1001 values in float_val, read as [1001]: 1001 elements, over "
                + "the limit of 1000 per input"),
        row("no shape under unknown rank and content that is not whole elements", floatsAnyShape,
            RequestTensors.of(DType.FLOAT).content(6),
            "input 'x': tensor_content/binary_val is 6 bytes, not a whole number of 4-byte DT_FLOAT elements"),
        row("dim mismatch", floatsAny3, RequestTensors.of(DType.FLOAT).shape(2, 4).values(FLOAT_VAL, 8),
            "input 'x': expected shape [-1,3], received [2,4]: dim 1 is 4, expected 3"),
        row("fewer values than the shape holds", floats23,
            RequestTensors.of(DType.FLOAT).shape(2, 3).values(FLOAT_VAL, 5),
            "input 'x': received shape [2,3] needs 6 values in float_val, received 5"),
        row("more values than the shape holds", floats23,
            RequestTensors.of(DType.FLOAT).shape(2, 3).values(FLOAT_VAL, 7),
            "input 'x': received shape [2,3] needs 6 values in float_val, received 7"),
        row("a single value does not broadcast into zero elements", Field.tensor("x", DType.FLOAT, Shape.of(0, 3)),
            RequestTensors.of(DType.FLOAT).shape(0, 3).values(FLOAT_VAL, 1),
            "input 'x': received shape [0,3] needs 0 values in float_val, received 1"),
        row("no values for a non-empty shape", floats23, RequestTensors.of(DType.FLOAT).shape(2, 3),
            "input 'x': received shape [2,3] needs 6 values in float_val, received 0"),
        row("no shape but several values for a scalar", Field.tensor("x", DType.STRING, Shape.scalar()),
            RequestTensors.of(DType.STRING).values(STRING_VAL, 3),
            "input 'x': expected shape [], received a tensor without tensor_shape, read as a scalar (1 value), with 3 "
                + "values in string_val; send its tensor_shape"),
        row("an empty shape but several values", Field.tensor("x", DType.STRING, Shape.unknownRank()),
            RequestTensors.of(DType.STRING).shape().values(STRING_VAL, 3),
            "input 'x': received shape [] needs 1 values in string_val, received 3"),
        row("complex values that are not whole pairs", Field.tensor("x", DType.COMPLEX64, Shape.of(2)),
            RequestTensors.of(DType.COMPLEX64).shape(2).values(SCOMPLEX_VAL, 3),
            "input 'x': scomplex_val holds 3 values, not whole (real, imaginary) pairs"),
        row("complex pairs not matching the shape", Field.tensor("x", DType.COMPLEX64, Shape.of(2)),
            RequestTensors.of(DType.COMPLEX64).shape(2).values(SCOMPLEX_VAL, 6),
            "input 'x': received shape [2] needs 4 values in scomplex_val (2 (real, imaginary) pairs), received 6"),
        row("-1 not inferable from the count", floatsAny3,
            RequestTensors.of(DType.FLOAT).shape(-1, 3).values(FLOAT_VAL, 7),
            "input 'x': cannot infer dim 0 of received shape [-1,3] from 7 elements: 7 is not a multiple of 3"),
        row("a single value does not broadcast into a -1 shape", floatsAny3,
            RequestTensors.of(DType.FLOAT).shape(-1, 3).values(FLOAT_VAL, 1),
            "input 'x': cannot infer dim 0 of received shape [-1,3] from 1 elements: 1 is not a multiple of 3"),
        row("-1 next to a zero dim", Field.tensor("x", DType.FLOAT, Shape.of(-1, 0)),
            RequestTensors.of(DType.FLOAT).shape(-1, 0),
            "input 'x': cannot infer dim 0 of received shape [-1,0]: its other dims make 0 elements, "
                + "so any size would fit"),
        row("two -1 dims", floatsAnyShape, RequestTensors.of(DType.FLOAT).shape(-1, -1).values(FLOAT_VAL, 4),
            "input 'x': received shape [-1,-1] has dims 0 and 1 of -1; at most one can be inferred from the "
                + "value count"),
        row("inferred dim against the contract", floats23,
            RequestTensors.of(DType.FLOAT).shape(-1, 3).values(FLOAT_VAL, 9),
            "input 'x': expected shape [2,3], received [-1,3] with 9 elements, which makes [3,3]: dim 0 is 3, "
                + "expected 2"),
        row("a negative dim other than -1", floatsAnyShape,
            RequestTensors.of(DType.FLOAT).shape(2, -3).values(FLOAT_VAL, 6),
            "input 'x': received shape [2,-3]: dim 1 is -3; a dim is a size of 0 or more, or -1 to infer it from "
                + "the value count"),
        row("a shape whose product overflows", floatsAnyShape,
            RequestTensors.of(DType.FLOAT).shape(1L << 32, 1L << 32).values(FLOAT_VAL, 1),
            "input 'x': received shape [4294967296,4294967296] is too large to count in 64 bits"),
        row("a shape over the element limit, even for one broadcast value", floatsAnyShape,
            RequestTensors.of(DType.FLOAT).shape(10, 101).values(FLOAT_VAL, 1),
            "input 'x': received shape [10,101] has 1010 elements, over the limit of 1000 per input"),
        row("an inferred shape over the element limit",
            Field.tensor("x", DType.BOOL, Shape.unknownRank()),
            RequestTensors.of(DType.BOOL).shape(-1).values(BOOL_VAL, 1001),
            "input 'x': received shape [-1] (inferred [1001]) has 1001 elements, over the limit of 1000 per input"),
        row("content length not matching the shape", floats23,
            RequestTensors.of(DType.FLOAT).shape(2, 3).content(20),
            "input 'x': received shape [2,3] of DT_FLOAT needs 24 bytes of tensor_content/binary_val, received 20"),
        row("content for a single element does not broadcast", floats23,
            RequestTensors.of(DType.FLOAT).shape(2, 3).content(4),
            "input 'x': received shape [2,3] of DT_FLOAT needs 24 bytes of tensor_content/binary_val, received 4"),
        row("content that is not whole elements", floatsAny3,
            RequestTensors.of(DType.FLOAT).shape(-1, 3).content(26),
            "input 'x': tensor_content/binary_val is 26 bytes, not a whole number of 4-byte DT_FLOAT elements"),
        row("content for a type without a fixed size", Field.tensor("x", DType.STRING, Shape.of(1)),
            RequestTensors.of(DType.STRING).shape(1).content(4),
            "input 'x': DT_STRING has no fixed element size, so it cannot travel in tensor_content/binary_val "
                + "(received 4 bytes); send string_val"),
        row("content over the element limit", floatsAnyShape,
            RequestTensors.of(DType.FLOAT).shape(1001).content(4004),
            "input 'x': received shape [1001] has 1001 elements, over the limit of 1000 per input"));
  }

  private static Arguments row(String rule, Field field, RequestTensors tensor, String message) {
    return Arguments.of(rule, field, tensor.header(), message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejections")
  void refusesTheInputWithAMessageNamingInputExpectedAndReceived(
      String rule, Field field, TensorHeader header, String message) {
    Signature signature = new Signature("serving_default", List.of(field), List.of(field));
    RequestValidator validator = new RequestValidator(LIMIT);

    InvalidRequestException e =
        assertThrows(InvalidRequestException.class, () -> validator.validate(signature, Map.of("x", header)));

    assertEquals(message, e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("overflowingContent")
  void refusesContentWhoseByteCountOverflowsEvenUnderAHugeLimit(String rule, long dim) {
    Field field = Field.tensor("x", DType.DOUBLE, Shape.unknownRank());
    Signature signature = new Signature("s", List.of(field), List.of(field));
    TensorHeader header = RequestTensors.of(DType.DOUBLE).shape(dim).content(8).header();

    InvalidRequestException e = assertThrows(InvalidRequestException.class,
        () -> new RequestValidator(Long.MAX_VALUE).validate(signature, Map.of("x", header)));

    assertEquals("input 'x': received shape [" + dim + "] is too large to count in 64 bits", e.getMessage());
  }

  static Stream<Arguments> overflowingContent() {
    return Stream.of(Arguments.of("2^61 doubles are 2^64 bytes", 1L << 61), Arguments.of("max long", Long.MAX_VALUE));
  }
}
