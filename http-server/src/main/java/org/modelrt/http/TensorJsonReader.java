package org.modelrt.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Base64;
import org.modelrt.contract.DType;
import org.modelrt.wire.tensor.TensorProto;

/**
 * Streams one JSON value (a scalar, or lists nested to any depth) straight into a TensorProto's typed {@code *_val}
 * field, as TF Serving's {@code FillTensorProto} reads it (json_tensor.cc): the shape is that of the first element
 * at each level, every other list must have the same size, every value sits at the same depth, and each value must
 * fit the signature's dtype without loss. The messages are TF Serving's. No value is held outside the builder.
 *
 * <p>Not thread-safe; one per value read.
 */
final class TensorJsonReader {
  /** Deeper than the parser allows (see {@link JsonBodies}), so never reached. */
  private static final int MAX_RANK = 128;
  private static final long FLOAT_MAX_INT = (1L << 24) - 1;
  private static final long DOUBLE_MAX_INT = (1L << 53) - 1;
  private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private final JsonParser p;
  private final DType dtype;
  private final TensorProto.Builder into;
  private final long[] dims = new long[MAX_RANK];
  private final int[] counts = new int[MAX_RANK];
  private int known;
  private int rank = -1;
  private int values;

  private TensorJsonReader(JsonParser p, DType dtype, TensorProto.Builder into) {
    this.p = p;
    this.dtype = dtype;
    this.into = into;
  }

  /**
   * Reads the value at the parser's current token into {@code into} and leaves the parser on the value's last token.
   *
   * @return the value's shape (no dims for a scalar)
   * @throws JsonRequestException when the value does not fit the dtype or is ragged
   */
  static Read read(JsonParser p, DType dtype, TensorProto.Builder into) throws IOException {
    TensorJsonReader reader = new TensorJsonReader(p, dtype, into);
    reader.readValue();
    return new Read(Arrays.copyOf(reader.dims, reader.known), reader.values);
  }

  /** A value read: its shape and how many elements it held. */
  record Read(long[] shape, int size) {}

  private void readValue() throws IOException {
    int depth = 0;
    for (JsonToken t = p.currentToken(); ; t = p.nextToken()) {
      if (t == JsonToken.START_ARRAY) {
        if (rank >= 0 && depth >= rank) {
          throw new JsonRequestException("Encountered list at unexpected level: " + depth + " expected < " + rank);
        }
        if (depth > 0) {
          counts[depth - 1]++;
        }
        if (depth == known) {
          dims[known++] = -1; // on the first path: the size is known when this list ends
        }
        counts[depth++] = 0;
      } else if (t == JsonToken.END_ARRAY) {
        int size = counts[--depth];
        if (dims[depth] < 0) {
          dims[depth] = size;
          rank = rank < 0 ? known : rank; // an empty first list fixes the rank
        } else if (size != dims[depth]) {
          throw new JsonRequestException("Encountered list at unexpected size: " + size + " at level: " + depth
              + " expected size: " + dims[depth]);
        }
        if (depth == 0) {
          return;
        }
      } else {
        if (depth > 0) {
          counts[depth - 1]++;
        }
        if (rank < 0) {
          rank = depth;
        } else if (depth != rank) {
          throw new JsonRequestException("JSON Value: " + JsonValues.describe(p) + " found at incorrect level: "
              + (depth + 1) + " in the JSON DOM. Expected at level: " + rank);
        }
        add(t);
        values++;
        if (depth == 0) {
          return;
        }
      }
    }
  }

  private void add(JsonToken t) throws IOException {
    if (t == JsonToken.START_OBJECT) {
      if (dtype != DType.STRING) {
        throw typeError();
      }
      into.addStringVal(base64Object());
      return;
    }
    switch (dtype) {
      case FLOAT -> into.addFloatVal((float) decimal(t, FLOAT_MAX_INT, Float.MAX_VALUE, "float"));
      case DOUBLE -> into.addDoubleVal(decimal(t, DOUBLE_MAX_INT, Double.MAX_VALUE, "double"));
      case INT32, INT16, INT8, UINT8 -> into.addIntVal((int) integer(t, Integer.MIN_VALUE, Integer.MAX_VALUE));
      case INT64 -> into.addInt64Val(integer(t, Long.MIN_VALUE, Long.MAX_VALUE));
      case UINT32 -> into.addUint32Val((int) integer(t, 0, 0xFFFF_FFFFL));
      case UINT64 -> into.addUint64Val(unsigned64(t));
      case BOOL -> {
        if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
          throw typeError();
        }
        into.addBoolVal(t == JsonToken.VALUE_TRUE);
      }
      case STRING -> {
        if (t != JsonToken.VALUE_STRING) {
          throw typeError();
        }
        into.addStringVal(ByteString.copyFromUtf8(p.getText()));
      }
      default -> throw JsonRequestException.unimplemented("Conversion of JSON Value: " + JsonValues.describe(p)
          + " to type: " + typeName(dtype));
    }
  }

  /** A number for a float or double: integers only up to the largest the type holds exactly; non-finite allowed. */
  private double decimal(JsonToken t, long maxInt, double max, String target) throws IOException {
    if (t == JsonToken.VALUE_NUMBER_INT) {
      if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER || Math.abs(p.getLongValue()) > maxInt) {
        throw lossy(target);
      }
      return p.getLongValue();
    }
    if (t != JsonToken.VALUE_NUMBER_FLOAT) {
      throw typeError();
    }
    double d = p.getDoubleValue();
    if (Double.isFinite(d) && (d > max || d < -max)) {
      throw lossy(target);
    }
    return d;
  }

  private long integer(JsonToken t, long min, long max) throws IOException {
    if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      throw typeError();
    }
    long v = p.getLongValue();
    if (v < min || v > max) {
      throw typeError();
    }
    return v;
  }

  private long unsigned64(JsonToken t) throws IOException {
    if (t != JsonToken.VALUE_NUMBER_INT) {
      throw typeError();
    }
    BigInteger v = p.getBigIntegerValue();
    if (v.signum() < 0 || v.compareTo(UINT64_MAX) > 0) {
      throw typeError();
    }
    return v.longValue();
  }

  /** {@code {"b64": "<base64>"}}, the only object a value may be; the parser ends on its END_OBJECT. */
  private ByteString base64Object() throws IOException {
    String encoded = null;
    int keys = 0;
    for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
      keys++;
      boolean b64 = "b64".equals(p.currentName());
      t = p.nextToken();
      if (b64 && t == JsonToken.VALUE_STRING) {
        encoded = p.getText();
      } else {
        p.skipChildren();
      }
    }
    if (encoded == null || keys != 1) {
      throw new JsonRequestException("JSON Value: {...} not formatted correctly for base64 data; expected"
          + " {\"b64\": \"<base64 string>\"}");
    }
    try {
      return ByteString.copyFrom(Base64.getDecoder().decode(encoded));
    } catch (IllegalArgumentException e) {
      throw new JsonRequestException("Unable to base64 decode");
    }
  }

  private JsonRequestException typeError() throws IOException {
    return new JsonRequestException("JSON Value: " + JsonValues.describe(p) + " Type: " + JsonValues.typeName(p)
        + " is not of expected type: " + typeName(dtype));
  }

  /** TensorFlow's DataTypeString: {@code float}, {@code int64}, {@code string}. */
  static String typeName(DType dtype) {
    return dtype.name().toLowerCase(java.util.Locale.ROOT);
  }

  private JsonRequestException lossy(String target) throws IOException {
    return new JsonRequestException("Cannot convert JSON value: " + JsonValues.describe(p) + " to " + target
        + " without loss of precision.");
  }
}
