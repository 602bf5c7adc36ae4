package org.modelrt.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.modelrt.contract.DType.ValueField.DCOMPLEX_VAL;
import static org.modelrt.contract.DType.ValueField.FLOAT_VAL;
import static org.modelrt.contract.DType.ValueField.SCOMPLEX_VAL;
import static org.modelrt.contract.DType.ValueField.UINT32_VAL;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.modelrt.wire.g3.Tensor;
import org.modelrt.wire.g3.TensorShape;

/** What a valid request resolves to: the concrete shape to decode into and whether one value broadcasts. */
class RequestValidatorAcceptanceTest {
  static Stream<Arguments> accepted() {
    return Stream.of(
        row("exact shape and count", Field.tensor("x", DType.FLOAT, Shape.of(2, 3)),
            RequestTensors.of(DType.FLOAT).shape(2, 3).values(FLOAT_VAL, 6), new long[] {2, 3}, false),
        row("-1 in the contract matches any size", Field.tensor("x", DType.FLOAT, Shape.of(-1, 3)),
            RequestTensors.of(DType.FLOAT).shape(5, 3).values(FLOAT_VAL, 15), new long[] {5, 3}, false),
        row("a contract of unknown rank takes any rank", Field.tensor("x", DType.FLOAT, Shape.unknownRank()),
            RequestTensors.of(DType.FLOAT).shape(1, 2, 1).values(FLOAT_VAL, 2), new long[] {1, 2, 1}, false),
        row("one -1 in the request is inferred from the count", Field.tensor("x", DType.FLOAT, Shape.of(-1, 3)),
            RequestTensors.of(DType.FLOAT).shape(-1, 3).values(FLOAT_VAL, 6), new long[] {2, 3}, false),
        row("an inferred dim that fits a fixed contract dim", Field.tensor("x", DType.FLOAT, Shape.of(2, 3)),
            RequestTensors.of(DType.FLOAT).shape(2, -1).values(FLOAT_VAL, 6), new long[] {2, 3}, false),
        row("a single value broadcasts to a fully known shape", Field.tensor("x", DType.FLOAT, Shape.of(2, 3)),
            RequestTensors.of(DType.FLOAT).shape(2, 3).values(FLOAT_VAL, 1), new long[] {2, 3}, true),
        row("a tensor without a shape is a scalar", Field.tensor("x", DType.FLOAT, Shape.scalar()),
            RequestTensors.of(DType.FLOAT).values(FLOAT_VAL, 1), new long[] {}, false),
        row("a tensor with an empty shape is a scalar", Field.tensor("x", DType.FLOAT, Shape.scalar()),
            RequestTensors.of(DType.FLOAT).shape().values(FLOAT_VAL, 1), new long[] {}, false),
        row("an empty shape is a scalar under unknown rank too", Field.tensor("x", DType.FLOAT, Shape.unknownRank()),
            RequestTensors.of(DType.FLOAT).shape().values(FLOAT_VAL, 1), new long[] {}, false),
        row("an empty shape with one element of content is a scalar",
            Field.tensor("x", DType.FLOAT, Shape.unknownRank()),
            RequestTensors.of(DType.FLOAT).shape().content(4), new long[] {}, false),
        row("no shape under unknown rank: the gateway's JSON, flattened", Field.tensor("x", DType.FLOAT,
            Shape.unknownRank()), RequestTensors.of(DType.FLOAT).values(FLOAT_VAL, 6), new long[] {6}, false),
        row("no shape under unknown rank: content, flattened", Field.tensor("x", DType.DOUBLE, Shape.unknownRank()),
            RequestTensors.of(DType.DOUBLE).content(48), new long[] {6}, false),
        row("no shape under unknown rank: complex pairs, flattened", Field.tensor("x", DType.COMPLEX64,
            Shape.unknownRank()), RequestTensors.of(DType.COMPLEX64).values(SCOMPLEX_VAL, 6), new long[] {3}, false),
        row("no shape under unknown rank: one value stays a scalar", Field.tensor("x", DType.FLOAT,
            Shape.unknownRank()), RequestTensors.of(DType.FLOAT).values(FLOAT_VAL, 1), new long[] {}, false),
        row("no shape under unknown rank: no values are [0]", Field.tensor("x", DType.FLOAT, Shape.unknownRank()),
            RequestTensors.of(DType.FLOAT), new long[] {0}, false),
        row("no shape on a G3 Tensor under unknown rank", Field.tensor("x", DType.INT64, Shape.unknownRank()),
            TensorHeaders.of(Tensor.newBuilder().setDtypeValue(DType.INT64.wireNumber()).addInt64Val(1)
                .addInt64Val(2).build()), new long[] {2}, false),
        row("an empty G3 shape is a scalar", Field.tensor("x", DType.INT64, Shape.unknownRank()),
            TensorHeaders.of(Tensor.newBuilder().setDtypeValue(DType.INT64.wireNumber())
                .setTensorShape(TensorShape.getDefaultInstance()).addInt64Val(1).build()), new long[] {}, false),
        row("an empty tensor needs no values", Field.tensor("x", DType.FLOAT, Shape.of(-1, 3)),
            RequestTensors.of(DType.FLOAT).shape(0, 3), new long[] {0, 3}, false),
        row("content of exactly product x element size", Field.tensor("x", DType.FLOAT, Shape.of(2, 3)),
            RequestTensors.of(DType.FLOAT).shape(2, 3).content(24), new long[] {2, 3}, false),
        row("content fills one -1", Field.tensor("x", DType.DOUBLE, Shape.of(-1, 2)),
            RequestTensors.of(DType.DOUBLE).shape(-1, 2).content(48), new long[] {3, 2}, false),
        row("complex values count two per element", Field.tensor("x", DType.COMPLEX128, Shape.of(2)),
            RequestTensors.of(DType.COMPLEX128).shape(2).values(DCOMPLEX_VAL, 4), new long[] {2}, false),
        row("DT_UINT16 in uint32_val", Field.tensor("x", DType.UINT16, Shape.of(3)),
            RequestTensors.of(DType.UINT16).shape(3).values(UINT32_VAL, 3), new long[] {3}, false),
        row("a DT_ANY contract field takes a concrete type", Field.tensor("x", DType.ANY, Shape.of(2)),
            RequestTensors.of(DType.INT64).shape(2).values(DType.ValueField.INT64_VAL, 2), new long[] {2}, false));
  }

  private static Arguments row(String rule, Field field, RequestTensors tensor, long[] shape, boolean broadcast) {
    return row(rule, field, tensor.header(), shape, broadcast);
  }

  private static Arguments row(String rule, Field field, TensorHeader header, long[] shape, boolean broadcast) {
    return Arguments.of(rule, field, header, shape, broadcast);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void resolvesTheShapeToDecodeInto(String rule, Field field, TensorHeader header, long[] shape, boolean broadcast) {
    Signature signature = new Signature("s", List.of(field), List.of(field));

    List<ValidatedInput> validated = new RequestValidator(1000).validate(signature, Map.of("x", header));

    assertEquals(1, validated.size());
    assertSame(field, validated.get(0).field());
    assertArrayEquals(shape, validated.get(0).shape());
    assertEquals(broadcast, validated.get(0).broadcast());
  }

  @Test
  void returnsInputsInSignatureOrderWhateverTheRequestOrder() {
    Field b = Field.tensor("b", DType.INT32, Shape.of(1));
    Field a = Field.tensor("a", DType.FLOAT, Shape.of(2));
    Signature signature = new Signature("s", List.of(b, a), List.of(a));
    Map<String, TensorHeader> inputs = new LinkedHashMap<>();
    inputs.put("a", RequestTensors.of(DType.FLOAT).shape(2).values(FLOAT_VAL, 2).header());
    inputs.put("b", RequestTensors.of(DType.INT32).shape(1).values(DType.ValueField.INT_VAL, 1).header());

    List<ValidatedInput> validated = new RequestValidator(1000).validate(signature, inputs);

    assertSame(b, validated.get(0).field());
    assertSame(a, validated.get(1).field());
    assertArrayEquals(new long[] {1}, validated.get(0).shape());
    assertArrayEquals(new long[] {2}, validated.get(1).shape());
  }
}
