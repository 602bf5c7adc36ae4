package org.modelrt.http.v2;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.google.protobuf.UnsafeByteOperations;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.modelrt.contract.InvalidRequestException;
import org.modelrt.serving.v2.V2DataType;
import org.modelrt.serving.v2.V2Metadata;
import org.modelrt.serving.v2.V2Tensors;
import org.modelrt.wire.tensor.TensorProto;

/**
 * Reads a v2 REST inference request: the JSON object of the Open Inference Protocol ({@code id}, {@code parameters},
 * {@code inputs: [{name, shape, datatype, parameters, data}]}, {@code outputs: [{name, parameters}]}) and, with the
 * binary tensor data extension, the binary section after the first {@code Inference-Header-Content-Length} bytes
 * (inputs with {@code parameters.binary_data_size} take their bytes from it in input order, wrapped, not copied).
 * One pass with Jackson's streaming parser; {@code data} goes straight into element bytes when {@code datatype} and
 * {@code shape} come before it, as the spec writes them, and is read again from its byte range otherwise. Unknown
 * fields and parameters are ignored. Thread-safe.
 */
public final class V2JsonReader {
  /** Long strings and numbers are legal JSON; the body limit bounds them, not Jackson's defaults. */
  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build()).build();

  private V2JsonReader() {}

  /**
   * @param jsonLength the {@code Inference-Header-Content-Length} header; -1 when absent (the body is all JSON)
   * @throws InvalidRequestException for malformed JSON, wrong JSON types, unknown datatypes, data that does not fit
   *     the shape, and binary sizes past the body
   */
  public static V2InferRequest read(byte[] body, int jsonLength) {
    int json = jsonLength < 0 ? body.length : jsonLength;
    if (json > body.length) {
      throw new InvalidRequestException("Inference-Header-Content-Length is " + json + ", the body has "
          + body.length + " bytes");
    }
    try (JsonParser p = JSON.createParser(body, 0, json)) {
      Reading r = new Reading(body, json);
      expect(p, p.nextToken(), JsonToken.START_OBJECT, "the request");
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "id" -> r.id = string(p, value, "id");
          case "parameters" -> r.parameters(p, value);
          case "inputs" -> r.inputs(p, value);
          case "outputs" -> r.outputs(p, value);
          default -> p.skipChildren();
        }
      }
      if (p.nextToken() != null) {
        throw new InvalidRequestException("the request: unexpected content after the JSON object");
      }
      if (r.inputs.isEmpty()) {
        throw new InvalidRequestException("inputs: expected at least one input");
      }
      return new V2InferRequest(r.id, r.signature, r.binaryOutput, r.inputs, r.outputs);
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException("the request is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new InvalidRequestException("the request could not be read: " + e.getMessage());
    }
  }

  static void expect(JsonParser p, JsonToken actual, JsonToken expected, String what) throws IOException {
    if (actual != expected) {
      throw new InvalidRequestException(what + ": expected " + (expected == JsonToken.START_OBJECT ? "an object"
          : "an array") + ", received " + V2JsonData.received(p));
    }
  }

  static String string(JsonParser p, JsonToken value, String what) throws IOException {
    if (value != JsonToken.VALUE_STRING) {
      throw new InvalidRequestException(what + ": expected a string, received " + V2JsonData.received(p));
    }
    return p.getText();
  }

  /** The state of one read. */
  private static final class Reading {
    private final byte[] body;
    private final int jsonLength;
    private int binaryAt;
    String id = "";
    String signature = "";
    boolean binaryOutput;
    final Map<String, TensorProto> inputs = new LinkedHashMap<>();
    final List<V2InferRequest.RequestedOutput> outputs = new ArrayList<>();

    Reading(byte[] body, int jsonLength) {
      this.body = body;
      this.jsonLength = jsonLength;
      this.binaryAt = jsonLength;
    }

    void parameters(JsonParser p, JsonToken value) throws IOException {
      expect(p, value, JsonToken.START_OBJECT, "parameters");
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (name.equals(V2Metadata.SIGNATURE_PARAMETER)) {
          signature = string(p, v, "parameters." + name);
        } else if (name.equals("binary_data_output")) {
          binaryOutput = bool(p, v, "parameters.binary_data_output");
        } else {
          p.skipChildren();
        }
      }
    }

    void inputs(JsonParser p, JsonToken value) throws IOException {
      expect(p, value, JsonToken.START_ARRAY, "inputs");
      for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
        Map.Entry<String, TensorProto> input = input(p, i);
        if (inputs.put(input.getKey(), input.getValue()) != null) {
          throw new InvalidRequestException("input '" + input.getKey() + "' is sent twice");
        }
      }
    }

    private Map.Entry<String, TensorProto> input(JsonParser p, int i) throws IOException {
      expect(p, p.currentToken(), JsonToken.START_OBJECT, "inputs[" + i + "]");
      String name = null;
      V2DataType type = null;
      long[] shape = null;
      long binarySize = -1;
      long dataStart = -1;
      long dataEnd = -1;
      TensorProto.Builder t = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken v = p.nextToken();
        switch (field) {
          case "name" -> name = string(p, v, "inputs[" + i + "].name");
          case "datatype" -> type = V2DataType.parse(name == null ? "inputs[" + i + "]" : name,
              string(p, v, "inputs[" + i + "].datatype"));
          case "shape" -> shape = shape(p, v, "inputs[" + i + "].shape");
          case "parameters" -> binarySize = binarySize(p, v, "inputs[" + i + "].parameters");
          case "data" -> {
            if (name != null && type != null && shape != null) {
              t = V2Tensors.header(type, shape);
              V2JsonData.read(p, name, type, shape, jsonLength, t);
            } else {
              dataStart = p.currentTokenLocation().getByteOffset();
              p.skipChildren();
              dataEnd = p.currentLocation().getByteOffset();
            }
          }
          default -> p.skipChildren();
        }
      }
      String what = "inputs[" + i + "]" + (name == null ? "" : " ('" + name + "')");
      if (name == null || type == null || shape == null) {
        throw new InvalidRequestException(what + ": name, datatype and shape are required");
      }
      if (binarySize >= 0) {
        if (t != null || dataStart >= 0) {
          throw new InvalidRequestException("input '" + name + "': data and parameters.binary_data_size are both "
              + "given; send one");
        }
        if (binarySize > body.length - binaryAt) {
          throw new InvalidRequestException("input '" + name + "': parameters.binary_data_size is " + binarySize
              + ", only " + (body.length - binaryAt) + " bytes of binary data remain");
        }
        TensorProto raw = V2Tensors.fromRaw(name, "binary data", type, shape,
            UnsafeByteOperations.unsafeWrap(body, binaryAt, (int) binarySize));
        binaryAt += (int) binarySize;
        return Map.entry(name, raw);
      }
      if (t == null) {
        if (dataStart < 0) {
          throw new InvalidRequestException("input '" + name + "': data (or parameters.binary_data_size) is required");
        }
        t = V2Tensors.header(type, shape);
        try (JsonParser again = JSON.createParser(body, (int) dataStart, (int) (dataEnd - dataStart))) {
          again.nextToken();
          V2JsonData.read(again, name, type, shape, jsonLength, t);
        }
      }
      return Map.entry(name, t.build());
    }

    void outputs(JsonParser p, JsonToken value) throws IOException {
      expect(p, value, JsonToken.START_ARRAY, "outputs");
      for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
        expect(p, p.currentToken(), JsonToken.START_OBJECT, "outputs[" + i + "]");
        String name = null;
        Boolean binary = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          JsonToken v = p.nextToken();
          if (field.equals("name")) {
            name = string(p, v, "outputs[" + i + "].name");
          } else if (field.equals("parameters")) {
            expect(p, v, JsonToken.START_OBJECT, "outputs[" + i + "].parameters");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String param = p.currentName();
              JsonToken pv = p.nextToken();
              if (param.equals("binary_data")) {
                binary = bool(p, pv, "outputs[" + i + "].parameters.binary_data");
              } else {
                p.skipChildren();
              }
            }
          } else {
            p.skipChildren();
          }
        }
        if (name == null) {
          throw new InvalidRequestException("outputs[" + i + "]: name is required");
        }
        outputs.add(new V2InferRequest.RequestedOutput(name, binary));
      }
    }

    private static long binarySize(JsonParser p, JsonToken v, String what) throws IOException {
      expect(p, v, JsonToken.START_OBJECT, what);
      long size = -1;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String param = p.currentName();
        JsonToken pv = p.nextToken();
        if (param.equals("binary_data_size")) {
          if (pv != JsonToken.VALUE_NUMBER_INT || p.getLongValue() < 0) {
            throw new InvalidRequestException(what + ".binary_data_size: expected a byte count, received "
                + V2JsonData.received(p));
          }
          size = p.getLongValue();
        } else {
          p.skipChildren();
        }
      }
      return size;
    }

    private static long[] shape(JsonParser p, JsonToken v, String what) throws IOException {
      expect(p, v, JsonToken.START_ARRAY, what);
      List<Long> dims = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
          throw new InvalidRequestException(what + "[" + dims.size() + "]: expected an integer, received "
              + V2JsonData.received(p));
        }
        dims.add(p.getLongValue());
      }
      return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private static boolean bool(JsonParser p, JsonToken v, String what) throws IOException {
      if (v != JsonToken.VALUE_TRUE && v != JsonToken.VALUE_FALSE) {
        throw new InvalidRequestException(what + ": expected true or false, received " + V2JsonData.received(p));
      }
      return v == JsonToken.VALUE_TRUE;
    }
  }
}
