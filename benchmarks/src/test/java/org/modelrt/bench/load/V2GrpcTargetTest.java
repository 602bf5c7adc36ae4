package org.modelrt.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.TextFormat;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.modelrt.wire.kserve.ModelInferRequest;

/**
 * The ModelInfer requests against the v2 gRPC message as the Open Inference Protocol defines it
 * (../shared/docs/ecosystem-findings.md 2b; grpc_predict_v2.proto: typed InferTensorContents, or
 * raw_input_contents, one little-endian bytes entry per input in input order), written by hand as text protos.
 */
class V2GrpcTargetTest {
  private static final Path PT_LINEAR = Path.of("../test-models/pt_linear/expected.json");

  @Test
  void typedRequestCarriesFp32ContentsAndTheSignatureParameter() throws Exception {
    ModelInferRequest request = V2GrpcTarget.request(RequestSpecs.fromJson(PT_LINEAR, 0, false), "pt_linear");

    assertEquals(parse("""
        model_name: "pt_linear"
        parameters { key: "signature_name" value { string_param: "serving_default" } }
        inputs { name: "x" datatype: "FP32" shape: 1 shape: 4
                 contents { fp32_contents: 1 fp32_contents: 2 fp32_contents: 3 fp32_contents: 4 } }
        """), request);
  }

  @Test
  void rawRequestCarriesLittleEndianBytesPerInput_inInputOrder() {
    RequestSpec spec = RequestSpecs.fromCli("", List.of("n:DT_INT64:2=7,-3", "s:DT_STRING:1=ab"), true);

    assertEquals(parse("""
        model_name: "m"
        inputs { name: "n" datatype: "INT64" shape: 2 }
        inputs { name: "s" datatype: "BYTES" shape: 1 }
        raw_input_contents: "\\007\\000\\000\\000\\000\\000\\000\\000\\375\\377\\377\\377\\377\\377\\377\\377"
        raw_input_contents: "\\002\\000\\000\\000ab"
        """), V2GrpcTarget.request(spec, "m"));
  }

  @Test
  void typedRequestPutsEachDatatypeInItsContentsField() {
    RequestSpec spec = RequestSpecs.fromCli("", List.of("u:DT_UINT8:2=0,255", "b:DT_BOOL:1=true",
        "s:DT_STRING:1=ab"), false);

    assertEquals(parse("""
        model_name: "m"
        inputs { name: "u" datatype: "UINT8" shape: 2 contents { uint_contents: 0 uint_contents: 255 } }
        inputs { name: "b" datatype: "BOOL" shape: 1 contents { bool_contents: true } }
        inputs { name: "s" datatype: "BYTES" shape: 1 contents { bytes_contents: "ab" } }
        """), V2GrpcTarget.request(spec, "m"));
  }

  private static ModelInferRequest parse(String text) {
    try {
      return TextFormat.parse(text, ModelInferRequest.class);
    } catch (TextFormat.ParseException e) {
      throw new AssertionError(e);
    }
  }
}
