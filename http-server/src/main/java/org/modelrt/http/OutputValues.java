package org.modelrt.http;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import org.modelrt.contract.DType;
import org.modelrt.serving.ServingException;
import org.modelrt.wire.tensor.TensorProto;

/**
 * Writes the values of one output TensorProto as JSON, one at a time, as TF Serving's
 * {@code AddSingleValueAndAdvance} does: decimals by {@link Decimals}, DT_STRING as text, or as
 * {@code {"b64": ...}} for an output whose name ends in {@code _bytes}. Reads the typed {@code *_val} fields, or
 * {@code tensor_content} when the core encoded the output there ({@code --response-encoding content}).
 *
 * <p>Not thread-safe; one per output written.
 */
final class OutputValues {
  private final TensorProto tensor;
  private final DType dtype;
  private final boolean asBytes;
  private final ByteBuffer content;
  private int next;

  OutputValues(String name, TensorProto tensor) {
    this.tensor = tensor;
    this.dtype = DType.forWireNumber(tensor.getDtypeValue()).orElseThrow(() -> new ServingException(
        ServingException.Code.INVALID_ARGUMENT, "Failed to write JSON value for tensor type: " + tensor.getDtype()));
    this.asBytes = dtype == DType.STRING && name.endsWith("_bytes");
    this.content = tensor.getTensorContent().isEmpty() ? null
        : tensor.getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Writes the next value. */
  void writeNext(JsonGenerator g) throws IOException {
    int i = next++;
    switch (dtype) {
      case FLOAT -> g.writeNumber(Decimals.ofFloat(content != null ? content.getFloat(i * 4) : tensor.getFloatVal(i)));
      case DOUBLE -> g.writeNumber(Decimals.ofDouble(content != null ? content.getDouble(i * 8)
          : tensor.getDoubleVal(i)));
      case HALF -> g.writeNumber(Decimals.ofFloat(halfToFloat(
          content != null ? content.getShort(i * 2) : tensor.getHalfVal(i))));
      case INT32 -> g.writeNumber(content != null ? content.getInt(i * 4) : tensor.getIntVal(i));
      case INT16 -> g.writeNumber(content != null ? content.getShort(i * 2) : tensor.getIntVal(i));
      case INT8 -> g.writeNumber(content != null ? content.get(i) : tensor.getIntVal(i));
      case UINT8 -> g.writeNumber(content != null ? content.get(i) & 0xFF : tensor.getIntVal(i));
      case INT64 -> g.writeNumber(content != null ? content.getLong(i * 8) : tensor.getInt64Val(i));
      case UINT32 -> g.writeNumber(Integer.toUnsignedString(content != null ? content.getInt(i * 4)
          : tensor.getUint32Val(i)));
      case UINT64 -> g.writeNumber(Long.toUnsignedString(content != null ? content.getLong(i * 8)
          : tensor.getUint64Val(i)));
      case BOOL -> g.writeBoolean(content != null ? content.get(i) != 0 : tensor.getBoolVal(i));
      case STRING -> {
        if (asBytes) {
          g.writeStartObject();
          g.writeStringField("b64", Base64.getEncoder().encodeToString(tensor.getStringVal(i).toByteArray()));
          g.writeEndObject();
        } else {
          g.writeString(tensor.getStringVal(i).toStringUtf8());
        }
      }
      default -> throw new ServingException(ServingException.Code.INVALID_ARGUMENT,
          "Failed to write JSON value for tensor type: " + dtype.wireName());
    }
  }

  /** IEEE half bits (the low 16 of {@code half_val}) as a float; exact, every half is a float. */
  static float halfToFloat(int bits) {
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >> 10) & 0x1f;
    int mant = bits & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f80_0000 | (mant << 13));
    }
    if (exp == 0) {
      float subnormal = mant * 0x1p-24f;
      return sign != 0 ? -subnormal : subnormal;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }
}
