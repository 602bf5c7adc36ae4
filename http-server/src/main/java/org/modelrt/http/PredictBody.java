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
 * signature, which may be named after the tensors. A well-formed body whose signature is known when its tensors
 * start (named before them, or not at all) is read in one pass, the tensors streamed into the builders as they come.
 * Any other body, and every body with a fault, is read in two, as TF Serving does: a first pass only tokenizes it
 * (finding {@code signature_name} and checking the syntax and the keys, skipping the tensors' values), the second
 * streams the tensors; its error is then the one the whole body calls for, not the first one the stream met.
 *
 * @param signatureName the signature asked for; empty for the default
 * @param columnar whether the tensors came as {@code inputs} (answer {@code outputs}) or as {@code instances}
 *     (answer {@code predictions})
 * @param inputs the tensors by input name
 */
record PredictBody(String signatureName, boolean columnar, Map<String, TensorProto> inputs) {
  private static final String SIGNATURE_NAME = "signature_name";
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
    PredictBody read = inOnePass(body, signatures);
    return read != null ? read : inTwoPasses(body, signatures);
  }

  /**
   * The body in one pass, or {@code null} when it needs two: its signature is named after its tensors, or anything
   * in it is wrong (whatever the fault, including an unknown model or signature: the two passes find it again and
   * answer it as TF Serving does).
   */
  private static PredictBody inOnePass(ByteBuf body, Function<String, Signature> signatures) {
    String signatureName = "";
    Map<String, TensorProto> tensors = null;
    boolean columnar = false;
    try (JsonParser p = JsonBodies.parser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
        String key = p.currentName();
        t = p.nextToken();
        boolean tensorKey = key.equals(INSTANCES) || key.equals(INPUTS);
        if (key.equals(SIGNATURE_NAME)) {
          if (t != JsonToken.VALUE_STRING || tensors != null) {
            return null; // not a string, or named after the tensors read with the default's dtypes
          }
          signatureName = p.getText();
        } else if (tensorKey && (tensors != null || key.equals(INSTANCES) && t != JsonToken.START_ARRAY)) {
          return null; // both keys, or instances not a list
        } else if (tensorKey) {
          Signature signature = signatures.apply(signatureName);
          if (signature.inputs().isEmpty()) {
            return null;
          }
          columnar = key.equals(INPUTS);
          tensors = columnar ? ColumnarTensors.read(p, signature, body) : RowTensors.read(p, signature, body);
        } else {
          p.skipChildren();
        }
      }
      if (tensors == null || p.nextToken() != null) {
        return null;
      }
    } catch (IOException | RuntimeException fault) {
      return null;
    }
    return new PredictBody(signatureName, columnar, tensors);
  }

  private static PredictBody inTwoPasses(ByteBuf body, Function<String, Signature> signatures) throws IOException {
    String signatureName = "";
    boolean instances = false;
    boolean inputs = false;
    try (JsonParser p = JsonBodies.parser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new JsonRequestException("JSON Value: " + JsonValues.describe(p) + " Is not object");
      }
      for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
        String key = p.currentName();
        t = p.nextToken();
        if (key.equals(SIGNATURE_NAME)) {
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
          instances = true;
        } else if (key.equals(INPUTS)) {
          inputs = true;
        }
        p.skipChildren();
      }
      if (p.nextToken() != null) {
        throw new JsonRequestException("JSON Parse error: The document root must not be followed by other values."
            + " at offset: " + p.currentTokenLocation().getByteOffset());
      }
    }
    if (instances && inputs) {
      throw new JsonRequestException("Not formatted correctly expecting only one of 'inputs' or 'instances' keys"
          + " to exist");
    }
    if (!instances && !inputs) {
      throw new JsonRequestException("Missing 'inputs' or 'instances' key");
    }
    Signature signature = signatures.apply(signatureName);
    if (signature.inputs().isEmpty()) {
      throw new JsonRequestException("Failed to get input map for signature: "
          + (signatureName.isEmpty() ? "DEFAULT" : signatureName));
    }
    try (JsonParser p = member(body, instances ? INSTANCES : INPUTS)) {
      Map<String, TensorProto> tensors = instances
          ? RowTensors.read(p, signature, body) : ColumnarTensors.read(p, signature, body);
      return new PredictBody(signatureName, !instances, tensors);
    }
  }

  /**
   * A parser on the first token of the top-level member {@code key} (known to exist, the first of that name): the
   * members before it are skipped again (they are small; the tensors are the bulk). A parser started in the middle of
   * the body would see a bare number as a root value, which Jackson wants followed by a space.
   */
  static JsonParser member(ByteBuf body, String key) throws IOException {
    JsonParser p = JsonBodies.parser(body);
    p.nextToken();
    while (p.nextToken() == JsonToken.FIELD_NAME && !p.currentName().equals(key)) {
      p.nextToken();
      p.skipChildren();
    }
    p.nextToken();
    return p;
  }

  /**
   * Whether the parser, on a START_OBJECT, starts an object naming tensors rather than {@code {"b64": ...}}; it moves
   * on into the object.
   */
  static boolean isNamingObject(JsonParser p, Signature signature) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      return false;
    }
    return p.nextToken() != JsonToken.FIELD_NAME || !p.currentName().equals("b64")
        || signature.input("b64").isPresent();
  }

  /** Moves the parser past the end of the {@code open} objects and lists it is inside, their rest unread. */
  static void skipOut(JsonParser p, int open) throws IOException {
    while (open > 0) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new JsonRequestException("JSON Parse error: the document ended inside a value");
      }
      open += t.isStructStart() ? 1 : t.isStructEnd() ? -1 : 0;
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
