package org.modelrt.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.modelrt.contract.Field;
import org.modelrt.contract.Signature;
import org.modelrt.wire.tensor.TensorProto;
import org.modelrt.wire.tensor.TensorShapeProto;

/**
 * The columnar format, {@code "inputs": value} for the one input or {@code "inputs": {name: value, ...}}: each value
 * a whole tensor, no shared batch dimension (TF Serving's {@code FillTensorMapFromInputsMap}; keys that name no
 * input are ignored, as there). Stateless.
 */
final class ColumnarTensors {
  private ColumnarTensors() {}

  /**
   * Reads the value of {@code inputs}, the parser on its first token, and leaves the parser on its last.
   *
   * @param body the whole body, read again from the start of the value when its first token turns out to begin a
   *     {@code {"b64": ...}} value (telling that from an object naming tensors moved the parser into it)
   */
  static Map<String, TensorProto> read(JsonParser p, Signature signature, ByteBuf body) throws IOException {
    Map<String, TensorProto.Builder> builders = new LinkedHashMap<>();
    boolean object = p.currentToken() == JsonToken.START_OBJECT;
    boolean named = PredictBody.isNamingObject(p, signature);
    if (!named && signature.inputs().size() > 1) {
      throw new JsonRequestException("inputs is a plain value/list, but expecting an object as multiple input"
          + " tensors required as per tensorinfo_map (inputs " + signature.inputNames() + ")");
    }
    if (!named) {
      Field input = signature.inputs().get(0);
      if (!object) {
        builders.put(input.name(), tensor(p, input));
        return PredictBody.built(builders);
      }
      try (JsonParser again = PredictBody.member(body, "inputs")) {
        builders.put(input.name(), tensor(again, input));
      }
      PredictBody.skipOut(p, 1);
      return PredictBody.built(builders);
    }
    for (JsonToken t = p.currentToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
      Optional<Field> input = signature.input(p.currentName());
      p.nextToken();
      if (input.isPresent()) {
        builders.put(input.get().name(), tensor(p, input.get()));
      } else {
        p.skipChildren();
      }
    }
    for (Field input : signature.inputs()) {
      if (!builders.containsKey(input.name())) {
        throw new JsonRequestException("Missing named input: " + input.name() + " in 'inputs' object.");
      }
    }
    Map<String, TensorProto.Builder> ordered = new LinkedHashMap<>();
    signature.inputs().forEach(f -> ordered.put(f.name(), builders.get(f.name())));
    return PredictBody.built(ordered);
  }

  private static TensorProto.Builder tensor(JsonParser p, Field input) throws IOException {
    TensorProto.Builder b = TensorProto.newBuilder().setDtypeValue(input.dtype().wireNumber());
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long d : TensorJsonReader.read(p, input.dtype(), b).shape()) {
      shape.addDim(RowTensors.dim(d));
    }
    return b.setTensorShape(shape);
  }
}
