package org.modelrt.http.v2;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Map;
import org.modelrt.contract.DType;
import org.modelrt.contract.InvalidRequestException;
import org.modelrt.contract.TensorHeader;
import org.modelrt.contract.TensorHeaders;
import org.modelrt.http.FuzzRefusals;
import org.modelrt.wire.tensor.TensorProto;

/**
 * Coverage-guided fuzzing of the KServe v2 REST request reader on arbitrary bodies: the JSON object alone, or (with
 * an {@code Inference-Header-Content-Length}, the binary tensor data extension) the JSON followed by the binary
 * section that inputs with {@code parameters.binary_data_size} take their bytes from. A body is either read (every
 * input a tensor whose shape holds exactly the values it carries) or refused with an {@link InvalidRequestException},
 * bounded and in protocol terms, which the front answers 400; anything else is a finding. The fuzzed data provider
 * picks from its last bytes whether a header length is sent and which; the rest is the body. Inputs:
 * {@code V2JsonReaderFuzzTestInputs/}.
 */
class V2JsonReaderFuzzTest {
  @FuzzTest(maxDuration = "2m")
  void read(FuzzedDataProvider data) {
    boolean binary = data.consumeBoolean();
    int split = data.consumeInt(0, Integer.MAX_VALUE);
    byte[] body = data.consumeRemainingAsBytes();
    int headerLength = binary ? split % (body.length + 2) : -1; // one past the body: refused, not read past
    V2InferRequest request;
    try {
      request = V2JsonReader.read(body, headerLength);
    } catch (InvalidRequestException refused) {
      FuzzRefusals.check(refused, "v2 infer", body);
      return;
    }
    for (Map.Entry<String, TensorProto> input : request.inputs().entrySet()) {
      check(input.getKey(), input.getValue());
    }
  }

  /** An input as the core gets it: a concrete shape, and exactly the values (or content bytes) that fill it. */
  private static void check(String name, TensorProto tensor) {
    TensorHeader header = TensorHeaders.of(tensor);
    DType dtype = DType.forWireNumber(tensor.getDtypeValue())
        .orElseThrow(() -> new AssertionError("input " + name + ": dtype " + tensor.getDtypeValue()));
    if (header.dims() == null) {
      throw new AssertionError("input " + name + ": read without a shape");
    }
    long elements = 1;
    for (long d : header.dims()) {
      if (d < 0) {
        throw new AssertionError("input " + name + ": read a dim of " + d);
      }
      elements = Math.multiplyExact(elements, d);
    }
    boolean filled = header.encoding() == TensorHeader.Encoding.CONTENT
        ? dtype != DType.STRING && header.contentBytes() == elements * dtype.elementSize()
        : header.valueCount() == elements * dtype.valueField().valuesPerElement();
    if (!filled && !(elements == 0 && header.valueCount() == 0 && header.contentBytes() == 0)) {
      throw new AssertionError("input " + name + ": " + header + " does not fill its shape");
    }
  }
}
