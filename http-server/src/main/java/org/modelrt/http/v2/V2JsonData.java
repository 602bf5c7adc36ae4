package org.modelrt.http.v2;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.modelrt.contract.InvalidRequestException;
import org.modelrt.serving.v2.V2DataType;
import org.modelrt.serving.v2.V2Tensors;
import org.modelrt.wire.tensor.TensorProto;

/**
 * A v2 tensor's JSON {@code data}: read (nested or flat, row-major) straight into little-endian element bytes or
 * {@code string_val}, and written flat from an output's raw bytes. BYTES are UTF-8 strings, or {@code {"b64": ...}}
 * objects for bytes that are not UTF-8 (accepted in requests, written for such outputs). FP16/BF16 have no JSON form
 * here: they travel in the binary extension. Stateless.
 */
final class V2JsonData {
  private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private V2JsonData() {}

  /**
   * Reads {@code data} (the parser is on its first token) into {@code t}.
   *
   * @param room the bytes of JSON the data can at most span, which bounds the element count before allocating
   */
  static void read(JsonParser p, String name, V2DataType type, long[] shape, long room, TensorProto.Builder t)
      throws IOException {
    long expected = V2Tensors.elementCount(name, shape);
    if (!type.hasTypedForm()) {
      throw new InvalidRequestException("input '" + name + "': datatype " + type + " has no JSON form; send it as "
          + "binary data (parameters.binary_data_size)");
    }
    if (expected > room) {
      throw new InvalidRequestException("input '" + name + "': shape has " + expected + " elements, more than data "
          + "can hold");
    }
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw new InvalidRequestException("input '" + name + "': data: expected an array, received " + p.getText());
    }
    ByteBuffer out = type == V2DataType.BYTES ? null
        : ByteBuffer.allocate(Math.toIntExact(expected * type.elementSize())).order(ByteOrder.LITTLE_ENDIAN);
    List<ByteString> strings = new ArrayList<>();
    long count = 0;
    int depth = 0;
    for (JsonToken tok = p.currentToken(); ; tok = p.nextToken()) {
      if (tok == JsonToken.START_ARRAY) {
        depth++;
        continue;
      } else if (tok == JsonToken.END_ARRAY) {
        if (--depth == 0) {
          break;
        }
        continue;
      }
      if (count == expected) {
        throw new InvalidRequestException("input '" + name + "': shape has " + expected + " elements, data has more");
      }
      if (type == V2DataType.BYTES) {
        strings.add(bytes(p, name, count));
      } else {
        value(p, name, type, count, out);
      }
      count++;
    }
    if (count != expected) {
      throw new InvalidRequestException("input '" + name + "': shape has " + expected + " elements, data has "
          + count);
    }
    if (type == V2DataType.BYTES) {
      t.addAllStringVal(strings);
    } else {
      t.setTensorContent(UnsafeByteOperations.unsafeWrap(out.array()));
    }
  }

  private static void value(JsonParser p, String name, V2DataType type, long i, ByteBuffer out) throws IOException {
    JsonToken tok = p.currentToken();
    if (type == V2DataType.BOOL) {
      if (tok != JsonToken.VALUE_TRUE && tok != JsonToken.VALUE_FALSE) {
        throw wrong(name, type, i, "true or false", p);
      }
      out.put((byte) (tok == JsonToken.VALUE_TRUE ? 1 : 0));
      return;
    }
    if (type == V2DataType.FP32 || type == V2DataType.FP64) {
      if (tok != JsonToken.VALUE_NUMBER_INT && tok != JsonToken.VALUE_NUMBER_FLOAT) {
        throw wrong(name, type, i, "a number", p);
      }
      if (type == V2DataType.FP32) {
        out.putFloat(p.getFloatValue());
      } else {
        out.putDouble(p.getDoubleValue());
      }
      return;
    }
    if (tok != JsonToken.VALUE_NUMBER_INT) {
      throw wrong(name, type, i, "an integer", p);
    }
    BigInteger v = p.getBigIntegerValue();
    BigInteger min = switch (type) {
      case INT8 -> BigInteger.valueOf(Byte.MIN_VALUE);
      case INT16 -> BigInteger.valueOf(Short.MIN_VALUE);
      case INT32 -> BigInteger.valueOf(Integer.MIN_VALUE);
      case INT64 -> BigInteger.valueOf(Long.MIN_VALUE);
      default -> BigInteger.ZERO;
    };
    BigInteger max = switch (type) {
      case INT8 -> BigInteger.valueOf(Byte.MAX_VALUE);
      case INT16 -> BigInteger.valueOf(Short.MAX_VALUE);
      case INT32 -> BigInteger.valueOf(Integer.MAX_VALUE);
      case INT64 -> BigInteger.valueOf(Long.MAX_VALUE);
      case UINT8 -> BigInteger.valueOf(0xff);
      case UINT16 -> BigInteger.valueOf(0xffff);
      case UINT32 -> BigInteger.valueOf(0xffffffffL);
      default -> UINT64_MAX;
    };
    if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
      throw new InvalidRequestException("input '" + name + "': data[" + i + "] is " + v + ", outside " + type + " ["
          + min + ", " + max + "]");
    }
    long bits = v.longValue();
    switch (type.elementSize()) {
      case 1 -> out.put((byte) bits);
      case 2 -> out.putShort((short) bits);
      case 4 -> out.putInt((int) bits);
      default -> out.putLong(bits);
    }
  }

  private static ByteString bytes(JsonParser p, String name, long i) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_STRING) {
      return ByteString.copyFromUtf8(p.getText());
    }
    if (p.currentToken() == JsonToken.START_OBJECT && p.nextToken() == JsonToken.FIELD_NAME
        && "b64".equals(p.currentName()) && p.nextToken() == JsonToken.VALUE_STRING) {
      try {
        ByteString b = ByteString.copyFrom(Base64.getDecoder().decode(p.getText()));
        if (p.nextToken() == JsonToken.END_OBJECT) {
          return b;
        }
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException("input '" + name + "': data[" + i + "].b64 is not base64");
      }
    }
    throw wrong(name, V2DataType.BYTES, i, "a string or {\"b64\": string}", p);
  }

  private static InvalidRequestException wrong(String name, V2DataType type, long i, String expected, JsonParser p)
      throws IOException {
    return new InvalidRequestException("input '" + name + "': data[" + i + "]: datatype " + type + " expects "
        + expected + ", received " + received(p));
  }

  /** What the parser is on, as a message shows it. */
  static String received(JsonParser p) throws IOException {
    JsonToken tok = p.currentToken();
    if (tok == null) {
      return "the end of the body";
    }
    return switch (tok) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "the string \"" + p.getText() + "\"";
      default -> p.getText();
    };
  }

  /** Writes an output's values flat, from its raw little-endian bytes (strings from {@code string_val}). */
  static void write(JsonGenerator g, V2DataType type, TensorProto t, ByteString raw) throws IOException {
    g.writeStartArray();
    if (type == V2DataType.BYTES) {
      for (ByteString s : t.getStringValList()) {
        writeBytes(g, s);
      }
      g.writeEndArray();
      return;
    }
    ByteBuffer b = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    while (b.hasRemaining()) {
      switch (type) {
        case BOOL -> g.writeBoolean(b.get() != 0);
        case INT8 -> g.writeNumber(b.get());
        case UINT8 -> g.writeNumber(Byte.toUnsignedInt(b.get()));
        case INT16 -> g.writeNumber(b.getShort());
        case UINT16 -> g.writeNumber(Short.toUnsignedInt(b.getShort()));
        case INT32 -> g.writeNumber(b.getInt());
        case UINT32 -> g.writeNumber(Integer.toUnsignedLong(b.getInt()));
        case INT64 -> g.writeNumber(b.getLong());
        case UINT64 -> g.writeNumber(Long.toUnsignedString(b.getLong()));
        case FP32 -> g.writeNumber(b.getFloat());
        case FP64 -> g.writeNumber(b.getDouble());
        case FP16, BF16, BYTES -> throw new IllegalStateException(type + " is written as binary data");
      }
    }
    g.writeEndArray();
  }

  private static void writeBytes(JsonGenerator g, ByteString s) throws IOException {
    try {
      g.writeString(StandardCharsets.UTF_8.newDecoder().decode(s.asReadOnlyByteBuffer()).toString());
    } catch (CharacterCodingException notUtf8) {
      g.writeStartObject();
      g.writeStringField("b64", Base64.getEncoder().encodeToString(s.toByteArray()));
      g.writeEndObject();
    }
  }
}
