package org.modelrt.http.v2;

import java.util.List;
import java.util.Map;
import org.modelrt.wire.tensor.TensorProto;

/**
 * A v2 REST inference request as read from its JSON (and binary) body.
 *
 * @param id the request's {@code id}, echoed in the response; empty when absent
 * @param signatureName the {@code signature_name} request parameter; empty for the model's default
 * @param binaryDataOutput the binary extension's request parameter {@code binary_data_output}
 * @param inputs the input tensors by name, in request order
 * @param outputs the requested outputs, in request order; empty for all
 */
public record V2InferRequest(String id, String signatureName, boolean binaryDataOutput,
    Map<String, TensorProto> inputs, List<RequestedOutput> outputs) {

  /**
   * One requested output.
   *
   * @param binaryData its {@code binary_data} parameter; null when not given (the request-level default applies)
   */
  public record RequestedOutput(String name, Boolean binaryData) {}

  /** The names of the requested outputs. */
  public List<String> outputNames() {
    return outputs.stream().map(RequestedOutput::name).toList();
  }

  /** Whether output {@code name} goes in the binary section. */
  public boolean binary(String name) {
    for (RequestedOutput o : outputs) {
      if (o.name().equals(name) && o.binaryData() != null) {
        return o.binaryData();
      }
    }
    return binaryDataOutput;
  }
}
