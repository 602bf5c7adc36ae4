package org.modelrt.http;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.modelrt.serving.ServingException;
import org.modelrt.wire.tensor.TensorProto;

/**
 * The outputs of a predict as TF Serving answers them ({@code MakeJsonFromTensors}): row requests get
 * {@code {"predictions": [...]}}, one entry per batch row (a plain value with one output, an object naming the
 * outputs with several); columnar requests get {@code {"outputs": value}} or {@code {"outputs": {name: value}}}.
 * Stateless.
 */
final class PredictAnswer {
  private PredictAnswer() {}

  static void write(JsonGenerator g, Map<String, TensorProto> outputs, boolean columnar) throws IOException {
    if (outputs.isEmpty()) {
      throw new ServingException(ServingException.Code.INVALID_ARGUMENT, "Cannot convert empty tensor map to JSON");
    }
    Map<String, OutputValues> values = new HashMap<>();
    outputs.forEach((name, t) -> values.put(name, new OutputValues(name, t)));
    boolean named = outputs.size() > 1;
    g.writeStartObject();
    if (columnar) {
      g.writeFieldName("outputs");
      if (named) {
        g.writeStartObject();
      }
      for (Map.Entry<String, TensorProto> e : outputs.entrySet()) {
        if (named) {
          g.writeFieldName(e.getKey());
        }
        writeValues(g, e.getValue(), 0, values.get(e.getKey()));
      }
      if (named) {
        g.writeEndObject();
      }
    } else {
      long batch = batchSize(outputs);
      g.writeFieldName("predictions");
      g.writeStartArray();
      for (long row = 0; row < batch; row++) {
        if (named) {
          g.writeStartObject();
        }
        for (Map.Entry<String, TensorProto> e : outputs.entrySet()) {
          if (named) {
            g.writeFieldName(e.getKey());
          }
          writeValues(g, e.getValue(), 1, values.get(e.getKey()));
        }
        if (named) {
          g.writeEndObject();
        }
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  /** Every output's first dimension, which must agree: it is the batch the rows come from. */
  private static long batchSize(Map<String, TensorProto> outputs) {
    long batch = -1;
    for (Map.Entry<String, TensorProto> e : outputs.entrySet()) {
      TensorProto t = e.getValue();
      if (t.getTensorShape().getDimCount() == 0) {
        throw new ServingException(ServingException.Code.INVALID_ARGUMENT, "Tensor name: " + e.getKey()
            + " has no shape information; a scalar output cannot be answered in the row format (send 'inputs')");
      }
      long size = t.getTensorShape().getDim(0).getSize();
      if (batch >= 0 && size != batch) {
        throw new ServingException(ServingException.Code.INVALID_ARGUMENT, "Tensor name: " + e.getKey()
            + " has inconsistent batch size: " + size + " expecting: " + batch);
      }
      batch = size;
    }
    return batch;
  }

  /** The values of dimensions {@code dim..} as nested lists; a scalar as a bare value. */
  private static void writeValues(JsonGenerator g, TensorProto t, int dim, OutputValues values) throws IOException {
    int rank = t.getTensorShape().getDimCount();
    if (dim >= rank) {
      values.writeNext(g);
      return;
    }
    g.writeStartArray();
    long size = t.getTensorShape().getDim(dim).getSize();
    for (long i = 0; i < size; i++) {
      writeValues(g, t, dim + 1, values);
    }
    g.writeEndArray();
  }
}
