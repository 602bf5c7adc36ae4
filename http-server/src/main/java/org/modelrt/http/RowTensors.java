package org.modelrt.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.modelrt.contract.Field;
import org.modelrt.contract.Signature;
import org.modelrt.wire.tensor.TensorProto;
import org.modelrt.wire.tensor.TensorShapeProto;

/**
 * The row format, {@code "instances": [...]}: a list of values for the one input, or of objects naming every input;
 * each element one batch row, all rows of an input the same shape, the batch the first dimension (TF Serving's
 * {@code FillTensorMapFromInstancesList}). Stateless.
 */
final class RowTensors {
  private RowTensors() {}

  /**
   * Reads the value of {@code instances}, the parser on its START_ARRAY, and leaves the parser on its END_ARRAY.
   *
   * @param body the whole body, read again from the start of the list when its first element turns out to be a
   *     {@code {"b64": ...}} value (telling that from an object naming inputs moved the parser into it)
   */
  static Map<String, TensorProto> read(JsonParser p, Signature signature, ByteBuf body) throws IOException {
    JsonToken first = p.nextToken();
    if (first == JsonToken.END_ARRAY) {
      throw new JsonRequestException("No values in 'instances' array");
    }
    boolean objects = PredictBody.isNamingObject(p, signature);
    if (!objects && signature.inputs().size() > 1) {
      throw new JsonRequestException("instances is a plain list, but expecting list of objects as multiple input"
          + " tensors required as per tensorinfo_map (inputs " + signature.inputNames() + ")");
    }
    if (objects || first != JsonToken.START_OBJECT) {
      return rows(p, first, objects, signature);
    }
    Map<String, TensorProto> tensors;
    try (JsonParser again = PredictBody.member(body, "instances")) {
      tensors = rows(again, again.nextToken(), false, signature);
    }
    PredictBody.skipOut(p, 2);
    return tensors;
  }

  /**
   * The rows from the first element's token {@code first} to the list's end; with {@code objects} the parser is
   * already inside the first element, past its START_OBJECT.
   */
  private static Map<String, TensorProto> rows(JsonParser p, JsonToken first, boolean objects, Signature signature)
      throws IOException {
    Map<String, TensorProto.Builder> builders = new LinkedHashMap<>();
    Map<String, TensorJsonReader.Read> rows = new HashMap<>();
    int count = 0;
    for (JsonToken t = first; t != JsonToken.END_ARRAY; t = p.nextToken(), count++) {
      if (objects) {
        readObject(p, count, count == 0, signature, builders, rows);
      } else {
        Field input = signature.inputs().get(0);
        try {
          readRow(p, input, builders, rows);
        } catch (JsonRequestException e) {
          throw wrap(count, "", e);
        }
      }
    }
    for (Map.Entry<String, TensorProto.Builder> e : builders.entrySet()) {
      TensorShapeProto.Builder shape = TensorShapeProto.newBuilder().addDim(dim(count));
      for (long d : rows.get(e.getKey()).shape()) {
        shape.addDim(dim(d));
      }
      e.getValue().setTensorShape(shape);
    }
    return PredictBody.built(builders);
  }

  /** One element naming the inputs; {@code entered}: the parser is already past its START_OBJECT. */
  private static void readObject(JsonParser p, int item, boolean entered, Signature signature,
      Map<String, TensorProto.Builder> builders, Map<String, TensorJsonReader.Read> rows) throws IOException {
    if (!entered && p.currentToken() != JsonToken.START_OBJECT) {
      throw new JsonRequestException("Expecting object but got " + JsonValues.typeName(p) + " at item " + item
          + " of input list");
    }
    TreeSet<String> keys = new TreeSet<>();
    for (JsonToken t = entered ? p.currentToken() : p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
      String name = p.currentName();
      keys.add(name);
      p.nextToken();
      Field input = signature.input(name).orElseThrow(() -> wrap(item, " key: " + name,
          new JsonRequestException("JSON object: does not have named input: " + name)));
      try {
        readRow(p, input, builders, rows);
      } catch (JsonRequestException e) {
        throw wrap(item, " key: " + name, e);
      }
    }
    TreeSet<String> names = new TreeSet<>(signature.inputNames());
    if (!keys.equals(names)) {
      throw new JsonRequestException("Failed to process element: " + item + " of 'instances' list. JSON object"
          + " keys " + String.join(",", keys) + " must be equal to: " + String.join(",", names));
    }
  }

  /** One row of one input: appended to its builder, its shape checked against the first row's. */
  private static void readRow(JsonParser p, Field input, Map<String, TensorProto.Builder> builders,
      Map<String, TensorJsonReader.Read> rows) throws IOException {
    TensorProto.Builder b = builders.computeIfAbsent(input.name(),
        n -> TensorProto.newBuilder().setDtypeValue(input.dtype().wireNumber()));
    TensorJsonReader.Read row = TensorJsonReader.read(p, input.dtype(), b);
    TensorJsonReader.Read firstRow = rows.putIfAbsent(input.name(), row);
    if (firstRow == null) {
      return;
    }
    if (firstRow.size() != row.size()) {
      throw new JsonRequestException("Expecting tensor size: " + firstRow.size() + " but got: " + row.size());
    }
    if (!Arrays.equals(firstRow.shape(), row.shape())) {
      throw new JsonRequestException("Expecting shape " + PredictBody.shapeText(firstRow.shape()) + " but got: "
          + PredictBody.shapeText(row.shape()));
    }
  }

  private static JsonRequestException wrap(int item, String key, JsonRequestException e) {
    String message = "Failed to process element: " + item + key + " of 'instances' list. Error: " + e.getMessage();
    return e.isUnimplemented() ? JsonRequestException.unimplemented(message) : new JsonRequestException(message);
  }

  static TensorShapeProto.Dim dim(long size) {
    return TensorShapeProto.Dim.newBuilder().setSize(size).build();
  }
}
