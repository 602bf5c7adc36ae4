package org.modelrt.http;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Map;
import org.modelrt.contract.Contract;
import org.modelrt.contract.DType;
import org.modelrt.contract.Field;
import org.modelrt.contract.Shape;
import org.modelrt.contract.Signature;
import org.modelrt.contract.TensorHeader;
import org.modelrt.contract.TensorHeaders;
import org.modelrt.wire.tensor.TensorProto;

/**
 * Coverage-guided fuzzing of the TF Serving REST body readers on arbitrary bytes: {@code :predict}'s
 * {@link PredictBody} (its {@code instances} rows, {@link RowTensors}, and {@code inputs} columns,
 * {@link ColumnarTensors}, through {@link TensorJsonReader}) against a model with signatures of one input, of two,
 * of an input named {@code b64} and of inputs of every dtype JSON has a form for (and one it has not), and
 * {@code :classify}/{@code :regress}'s {@link ExampleJson#read}. A body is either read (tensors consistent with the
 * signature) or refused with what the front answers 400 or 501 with a bounded message in protocol terms
 * ({@link FuzzRefusals}); anything the front would answer otherwise is a finding. Inputs:
 * {@code RestBodyFuzzTestInputs/}.
 */
class RestBodyFuzzTest {
  private static final Contract MODEL = new Contract("fuzz", List.of(
      signature("serving_default", Field.tensor("x", DType.FLOAT, Shape.of(-1, 2))),
      signature("two", Field.tensor("a", DType.INT64, Shape.of(-1)), Field.tensor("b", DType.STRING, Shape.of(-1))),
      signature("b64", Field.tensor("b64", DType.STRING, Shape.unknownRank())),
      signature("types", Field.tensor("d", DType.DOUBLE, Shape.unknownRank()),
          Field.tensor("i", DType.INT32, Shape.unknownRank()), Field.tensor("u", DType.UINT8, Shape.unknownRank()),
          Field.tensor("t", DType.BOOL, Shape.unknownRank()), Field.tensor("w", DType.UINT64, Shape.unknownRank()),
          Field.tensor("v", DType.UINT32, Shape.unknownRank())),
      signature("half", Field.tensor("h", DType.HALF, Shape.of(-1)))));

  private static Signature signature(String name, Field... inputs) {
    return new Signature(name, List.of(inputs), List.of(Field.tensor("y", DType.FLOAT, Shape.unknownRank())));
  }

  @FuzzTest(maxDuration = "2m")
  void predict(byte[] bytes) {
    PredictBody body;
    try {
      body = PredictBody.read(Unpooled.wrappedBuffer(bytes), MODEL::select);
    } catch (Throwable failure) {
      FuzzRefusals.check(failure, "REST predict", bytes);
      return;
    }
    check(body);
  }

  @FuzzTest(maxDuration = "2m")
  void examples(byte[] bytes) {
    ExampleJson.Request request;
    try {
      request = ExampleJson.read(Unpooled.wrappedBuffer(bytes));
    } catch (Throwable failure) {
      FuzzRefusals.check(failure, "REST classify", bytes);
      return;
    }
    if (request.signature() == null || request.input().getKindCase() == org.modelrt.wire.tfserving.Input.KindCase
        .KIND_NOT_SET) {
      throw new AssertionError("read a request without examples: " + request);
    }
  }

  /**
   * What the core gets from an accepted body: tensors of the signature's inputs, of their dtypes, each shape holding
   * exactly the values sent (the core's validator checks the shape against the signature's).
   */
  private static void check(PredictBody body) {
    Signature signature = MODEL.select(body.signatureName());
    for (Map.Entry<String, TensorProto> e : body.inputs().entrySet()) {
      Field field = signature.input(e.getKey()).orElseThrow(() -> new AssertionError("read input " + e.getKey()
          + ", not one of " + signature.inputNames()));
      TensorProto tensor = e.getValue();
      if (tensor.getDtypeValue() != field.dtype().wireNumber()) {
        throw new AssertionError("read " + e.getKey() + " as dtype " + tensor.getDtypeValue());
      }
      TensorHeader header = TensorHeaders.of(tensor);
      if (header.dims() == null) {
        throw new AssertionError("read " + e.getKey() + " without a shape");
      }
      long elements = 1;
      for (long d : header.dims()) {
        if (d < 0) {
          throw new AssertionError("read " + e.getKey() + " with a dim of " + d);
        }
        elements *= d;
      }
      long perElement = field.dtype().valueField().valuesPerElement();
      if (header.valueCount() != elements * perElement) {
        throw new AssertionError("read " + e.getKey() + " of shape " + Shape.format(header.dims()) + " with "
            + header.valueCount() + " values");
      }
    }
  }
}
