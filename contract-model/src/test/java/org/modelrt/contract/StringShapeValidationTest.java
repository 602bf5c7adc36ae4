package org.modelrt.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.modelrt.wire.g3.Tensor;
import org.modelrt.wire.g3.TensorShape;
import org.modelrt.wire.tensor.TensorProto;
import org.modelrt.wire.tensor.TensorShapeProto;

/**
 * DT_STRING request shapes are taken as stated: no -1 inferred from the count, no single value broadcast, and the
 * value count must equal the shape's product, in G1/G2 (TensorProto) as in G3 (Tensor). Numeric inputs keep their
 * inference and broadcast (RequestValidatorAcceptanceTest).
 */
class StringShapeValidationTest {
  private static final Field TEXT = Field.tensor("text", DType.STRING, Shape.of(-1));
  private static final Signature SIGNATURE = new Signature("serving_default", List.of(TEXT), List.of(TEXT));
  private static final RequestValidator VALIDATOR = new RequestValidator(1000);

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of("a -1 dim", new long[] {-1}, 3,
            "input 'text': expected shape [-1] with every dim stated, received [-1]: dim 0 is -1; a DT_STRING shape "
                + "must give every dim (3 values in string_val)"),
        Arguments.of("a shape claiming twice the values sent", new long[] {6}, 3,
            "input 'text': received shape [6] needs 6 values in string_val, received 3"),
        Arguments.of("a shape claiming more than one value sent (no broadcast)", new long[] {2}, 1,
            "input 'text': received shape [2] needs 2 values in string_val, received 1"),
        Arguments.of("a shape claiming fewer values than sent", new long[] {2}, 3,
            "input 'text': received shape [2] needs 2 values in string_val, received 3"),
        Arguments.of("a negative dim other than -1", new long[] {-2}, 3,
            "input 'text': received shape [-2]: dim 0 is -2; a dim is a size of 0 or more, or -1 to infer it from "
                + "the value count"));
  }

  @ParameterizedTest(name = "G1/G2 TensorProto: {0}")
  @MethodSource("refused")
  void refusesInTensorProto(String rule, long[] dims, int values, String message) {
    assertRefused(TensorHeaders.of(tensorProto(dims, values)), message);
  }

  @ParameterizedTest(name = "G3 Tensor: {0}")
  @MethodSource("refused")
  void refusesInG3Tensor(String rule, long[] dims, int values, String message) {
    assertRefused(TensorHeaders.of(g3Tensor(dims, values)), message);
  }

  @ParameterizedTest(name = "{0} values, as sent")
  @MethodSource("accepted")
  void acceptsAShapeThatHoldsExactlyTheValuesSent(int values) {
    long[] dims = {values};
    for (TensorHeader header :
        List.of(TensorHeaders.of(tensorProto(dims, values)), TensorHeaders.of(g3Tensor(dims, values)))) {
      List<ValidatedInput> validated = VALIDATOR.validate(SIGNATURE, Map.of("text", header));
      assertArrayEquals(dims, validated.get(0).shape());
      assertEquals(false, validated.get(0).broadcast());
    }
  }

  static Stream<Integer> accepted() {
    return Stream.of(0, 1, 3);
  }

  private static void assertRefused(TensorHeader header, String message) {
    InvalidRequestException e = assertThrows(InvalidRequestException.class,
        () -> VALIDATOR.validate(SIGNATURE, Map.of("text", header)));
    assertEquals(message, e.getMessage());
  }

  private static TensorProto tensorProto(long[] dims, int values) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long d : dims) {
      shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
    }
    TensorProto.Builder tensor = TensorProto.newBuilder().setDtypeValue(DType.STRING.wireNumber()).setTensorShape(shape);
    for (int i = 0; i < values; i++) {
      tensor.addStringVal(ByteString.copyFromUtf8("s" + i));
    }
    return tensor.build();
  }

  private static Tensor g3Tensor(long[] dims, int values) {
    TensorShape.Builder shape = TensorShape.newBuilder();
    for (long d : dims) {
      shape.addDims(d);
    }
    Tensor.Builder tensor = Tensor.newBuilder().setDtypeValue(DType.STRING.wireNumber()).setTensorShape(shape);
    for (int i = 0; i < values; i++) {
      tensor.addStringVal(ByteString.copyFromUtf8("s" + i));
    }
    return tensor.build();
  }
}
