package org.modelrt.contract;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.modelrt.wire.g3.Tensor;
import org.modelrt.wire.tensor.TensorProto;

/**
 * Coverage-guided fuzzing of request header validation: any bytes that parse as a G1/G2 TensorProto or a G3 Tensor,
 * read by {@link TensorHeaders} and validated against contract fields of every shape kind (fixed, -1, unknown rank,
 * scalar) and several dtypes. The validator may accept (then the shape it resolves must be concrete, within the
 * element limit and consistent with the values sent) or refuse with an {@link InvalidRequestException} whose
 * message is bounded; anything else is a finding. Inputs: {@code RequestHeadersFuzzTestInputs/}.
 */
class RequestHeadersFuzzTest {
  private static final long LIMIT = 1 << 16;
  private static final RequestValidator VALIDATOR = new RequestValidator(LIMIT);
  private static final List<Field> FIELDS = List.of(
      Field.tensor("x", DType.FLOAT, Shape.of(-1, 4)),
      Field.tensor("x", DType.FLOAT, Shape.of(2, 3)),
      Field.tensor("x", DType.INT64, Shape.unknownRank()),
      Field.tensor("x", DType.STRING, Shape.of(-1)),
      Field.tensor("x", DType.STRING, Shape.scalar()),
      Field.tensor("x", DType.COMPLEX64, Shape.of(-1)),
      Field.tensor("x", DType.UINT16, Shape.of(-1)),
      Field.tensor("x", DType.ANY, Shape.unknownRank()));

  @FuzzTest(maxDuration = "30s")
  void validate(FuzzedDataProvider data) {
    Field field = FIELDS.get(data.consumeInt(0, FIELDS.size() - 1));
    boolean g3 = data.consumeBoolean();
    byte[] bytes = data.consumeRemainingAsBytes();
    TensorHeader header;
    try {
      header = g3 ? TensorHeaders.of(Tensor.parseFrom(bytes)) : TensorHeaders.of(TensorProto.parseFrom(bytes));
    } catch (InvalidProtocolBufferException notATensor) {
      return; // the transport refuses these before validation
    }
    Signature signature = new Signature("s", List.of(field), List.of(field));
    try {
      List<ValidatedInput> validated = VALIDATOR.validate(signature, Map.of("x", header));
      checkAccepted(validated.get(0), header);
    } catch (InvalidRequestException refused) {
      String message = refused.getMessage();
      if (message.getBytes(StandardCharsets.UTF_8).length > Quoted.MAX_DETAIL_BYTES || !message.contains("'x'")) {
        throw new AssertionError("an unbounded or unnamed refusal: " + message);
      }
    }
  }

  /** What an accepted input promises the decoder: concrete dims, within the limit, values that fill them. */
  private static void checkAccepted(ValidatedInput input, TensorHeader header) {
    long elements = 1;
    for (long d : input.shape()) {
      if (d < 0) {
        throw new AssertionError("accepted an unresolved dim: " + Shape.format(input.shape()));
      }
      elements = Math.multiplyExact(elements, d);
    }
    if (elements > LIMIT) {
      throw new AssertionError("accepted " + elements + " elements over the limit");
    }
    if (header.encoding() == TensorHeader.Encoding.TYPED_VALUES && !input.broadcast()) {
      long perElement = header.valueField().valuesPerElement();
      if (header.valueCount() != elements * perElement) {
        throw new AssertionError("accepted " + header.valueCount() + " values for " + Shape.format(input.shape()));
      }
    }
    if (input.broadcast() && (header.valueCount() != header.valueField().valuesPerElement()
        || input.field().dtype() == DType.STRING)) {
      throw new AssertionError("a broadcast of " + header.valueCount() + " values");
    }
  }
}
