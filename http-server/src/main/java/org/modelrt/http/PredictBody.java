package org.modelrt.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.modelrt.contract.Signature;
import org.modelrt.wire.tensor.TensorProto;

/**
 * A TF Serving REST predict body ({@code {"signature_name"?, "instances" | "inputs"}}) as the core's TensorProtos,
 * read as TF Serving's {@code FillPredictRequestFromJson} reads it, with its messages. The dtypes come from the
 * signature, which may be named after the tensors: a first pass only tokenizes the top-level object (finding
 * {@code signature_name} and where the tensors start, skipping their values without converting them); the second
 * streams the tensors into the builders.
 *
 * @param signatureName the signature asked for; empty for the default
 * @param columnar whether the tensors came as {@code inputs} (answer {@code outputs}) or as {@code instances}
 *     (answer {@code predictions})
 * @param inputs the tensors by input name
 */
record PredictBody(String signatureName, boolean columnar, Map<String, TensorProto> inputs) {
  private static final String INSTANCES = "instances";
  private static final String INPUTS = "inputs";

  /**
   * Reads {@code body}, asking {@code signatures} for the signature named (empty: the default) once it is known.
   *
   * @throws JsonRequestException for a body TF Serving would refuse, with its message
   * @throws RuntimeException what {@code signatures} throws (unknown model, signature)
   */
  static PredictBody read(ByteBuf body, Function<String, Signature> signatures) throws IOException {
    if (body.readableBytes() == 0) {
      throw new JsonRequestException("JSON Parse error: The document is empty");
    }
    String signatureName = "";
    long instances = -1;
    long inputs = -1;
    try (JsonParser p = JsonBodies.parser(body, 0)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new JsonRequestException("JSON Value: " + JsonValues.describe(p) + " Is not object");
      }
      for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
        String key = p.currentName();
        t = p.nextToken();
        long at = p.currentTokenLocation().getByteOffset();
        if (key.equals("signature_name")) {
          if (t != JsonToken.VALUE_STRING) {
            throw new JsonRequestException("JSON Value: " + JsonValues.describe(p) + " not formatted correctly."
                + " 'signature_name' key must be a string value.");
          }
          signatureName = p.getText();
        } else if (key.equals(INSTANCES)) {
          if (t != JsonToken.START_ARRAY) {
            throw new JsonRequestException("Excepting 'instances' to be an list/array, got "
                + JsonValues.typeName(p));
          }
          instances = at;
        } else if (key.equals(INPUTS)) {
          inputs = at;
        }
        p.skipChildren();
      }
      if (p.nextToken() != null) {
        throw new JsonRequestException("JSON Parse error: The document root must not be followed by other values."
            + " at offset: " + p.currentTokenLocation().getByteOffset());
      }
    }
    if (instances >= 0 && inputs >= 0) {
      throw new JsonRequestException("Not formatted correctly expecting only one of 'inputs' or 'instances' keys"
          + " to exist");
    }
    if (instances < 0 && inputs < 0) {
      throw new JsonRequestException("Missing 'inputs' or 'instances' key");
    }
    Signature signature = signatures.apply(signatureName);
    if (signature.inputs().isEmpty()) {
      throw new JsonRequestException("Failed to get input map for signature: "
          + (signatureName.isEmpty() ? "DEFAULT" : signatureName));
    }
    Map<String, TensorProto> tensors = instances >= 0
        ? RowTensors.read(body, instances, signature) : ColumnarTensors.read(body, inputs, signature);
    return new PredictBody(signatureName, instances < 0, tensors);
  }

  /** Whether the value at {@code offset} is an object other than {@code {"b64": ...}} (then it names tensors). */
  static boolean isNamingObject(ByteBuf body, long offset, Signature signature) throws IOException {
    try (JsonParser p = JsonBodies.parser(body, offset)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      return p.nextToken() != JsonToken.FIELD_NAME || !p.currentName().equals("b64")
          || signature.input("b64").isPresent();
    }
  }

  /** Shapes as TF Serving prints them: {@code [2,3]}. */
  static String shapeText(long[] dims) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < dims.length; i++) {
      s.append(i == 0 ? "" : ",").append(dims[i]);
    }
    return s.append(']').toString();
  }

  static Map<String, TensorProto> built(Map<String, TensorProto.Builder> builders) {
    Map<String, TensorProto> tensors = new LinkedHashMap<>();
    builders.forEach((name, b) -> tensors.put(name, b.build()));
    return tensors;
  }
}
