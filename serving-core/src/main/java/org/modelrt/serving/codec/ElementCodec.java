package org.modelrt.serving.codec;

import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Map;
import org.modelrt.contract.DType;
import org.modelrt.contract.TensorHeader;

/**
 * The codec's column of the dtype table: how each element type moves between its typed {@code *_val} field and
 * little-endian element bytes. The wire facts (number, element size, which field) are {@link DType}'s and the DJL
 * type and the engines that take it are {@code DTypeTable}'s; this is the only per-type code of the codec, and each
 * row names the dtypes it moves. DT_STRING has no fixed element size and is handled by {@link TensorCodec} directly.
 *
 * <p>Each row loops itself, so the hot path makes one virtual call per tensor, not one per element, and never boxes.
 * Buffers are little-endian and positioned at the first element; each method advances them. Stateless, thread-safe.
 */
enum ElementCodec {
  FLOAT32(DType.FLOAT) {
    @Override
    void decodeTyped(WireTensor src, int n, boolean broadcast, ByteBuffer dst) {
      for (int i = 0; i < n; i++) {
        dst.putFloat(src.floatAt(broadcast ? 0 : i));
      }
    }

    @Override
    void encodeTyped(ByteBuffer src, int n, WireTensorBuilder<?> dst) {
      for (int i = 0; i < n; i++) {
        dst.addFloat(src.getFloat());
      }
    }
  },
  FLOAT64(DType.DOUBLE) {
    @Override
    void decodeTyped(WireTensor src, int n, boolean broadcast, ByteBuffer dst) {
      for (int i = 0; i < n; i++) {
        dst.putDouble(src.doubleAt(broadcast ? 0 : i));
      }
    }

    @Override
    void encodeTyped(ByteBuffer src, int n, WireTensorBuilder<?> dst) {
      for (int i = 0; i < n; i++) {
        dst.addDouble(src.getDouble());
      }
    }
  },
  /** DT_INT32 in {@code int_val}. */
  INT32(DType.INT32) {
    @Override
    void decodeTyped(WireTensor src, int n, boolean broadcast, ByteBuffer dst) {
      for (int i = 0; i < n; i++) {
        dst.putInt(src.intAt(broadcast ? 0 : i));
      }
    }

    @Override
    void encodeTyped(ByteBuffer src, int n, WireTensorBuilder<?> dst) {
      for (int i = 0; i < n; i++) {
        dst.addInt(src.getInt());
      }
    }
  },
  /** DT_INT16 in {@code int_val}, sign-extended. */
  INT16(DType.INT16) {
    @Override
    void decodeTyped(WireTensor src, int n, boolean broadcast, ByteBuffer dst) {
      for (int i = 0; i < n; i++) {
        dst.putShort((short) src.intAt(broadcast ? 0 : i));
      }
    }

    @Override
    void encodeTyped(ByteBuffer src, int n, WireTensorBuilder<?> dst) {
      for (int i = 0; i < n; i++) {
        dst.addInt(src.getShort());
      }
    }
  },
  /** DT_UINT16 in {@code int_val}, zero-extended. */
  UINT16(DType.UINT16) {
    @Override
    void decodeTyped(WireTensor src, int n, boolean broadcast, ByteBuffer dst) {
      for (int i = 0; i < n; i++) {
        dst.putShort((short) src.intAt(broadcast ? 0 : i));
      }
    }

    @Override
    void encodeTyped(ByteBuffer src, int n, WireTensorBuilder<?> dst) {
      for (int i = 0; i < n; i++) {
        dst.addInt(src.getShort() & 0xFFFF);
      }
    }
  },
  /** DT_INT8 in {@code int_val}, sign-extended. */
  INT8(DType.INT8) {
    @Override
    void decodeTyped(WireTensor src, int n, boolean broadcast, ByteBuffer dst) {
      for (int i = 0; i < n; i++) {
        dst.put((byte) src.intAt(broadcast ? 0 : i));
      }
    }

    @Override
    void encodeTyped(ByteBuffer src, int n, WireTensorBuilder<?> dst) {
      for (int i = 0; i < n; i++) {
        dst.addInt(src.get());
      }
    }
  },
  /** DT_UINT8 in {@code int_val}, zero-extended. */
  UINT8(DType.UINT8) {
    @Override
    void decodeTyped(WireTensor src, int n, boolean broadcast, ByteBuffer dst) {
      for (int i = 0; i < n; i++) {
        dst.put((byte) src.intAt(broadcast ? 0 : i));
      }
    }

    @Override
    void encodeTyped(ByteBuffer src, int n, WireTensorBuilder<?> dst) {
      for (int i = 0; i < n; i++) {
        dst.addInt(src.get() & 0xFF);
      }
    }
  },
  INT64(DType.INT64) {
    @Override
    void decodeTyped(WireTensor src, int n, boolean broadcast, ByteBuffer dst) {
      for (int i = 0; i < n; i++) {
        dst.putLong(src.int64At(broadcast ? 0 : i));
      }
    }

    @Override
    void encodeTyped(ByteBuffer src, int n, WireTensorBuilder<?> dst) {
      for (int i = 0; i < n; i++) {
        dst.addInt64(src.getLong());
      }
    }
  },
  UINT32(DType.UINT32) {
    @Override
    void decodeTyped(WireTensor src, int n, boolean broadcast, ByteBuffer dst) {
      for (int i = 0; i < n; i++) {
        dst.putInt(src.uint32At(broadcast ? 0 : i));
      }
    }

    @Override
    void encodeTyped(ByteBuffer src, int n, WireTensorBuilder<?> dst) {
      for (int i = 0; i < n; i++) {
        dst.addUint32(src.getInt());
      }
    }
  },
  UINT64(DType.UINT64) {
    @Override
    void decodeTyped(WireTensor src, int n, boolean broadcast, ByteBuffer dst) {
      for (int i = 0; i < n; i++) {
        dst.putLong(src.uint64At(broadcast ? 0 : i));
      }
    }

    @Override
    void encodeTyped(ByteBuffer src, int n, WireTensorBuilder<?> dst) {
      for (int i = 0; i < n; i++) {
        dst.addUint64(src.getLong());
      }
    }
  },
  /** One byte per element, 0 or 1. */
  BOOL(DType.BOOL) {
    @Override
    void decodeTyped(WireTensor src, int n, boolean broadcast, ByteBuffer dst) {
      for (int i = 0; i < n; i++) {
        dst.put(src.boolAt(broadcast ? 0 : i) ? (byte) 1 : (byte) 0);
      }
    }

    @Override
    void encodeTyped(ByteBuffer src, int n, WireTensorBuilder<?> dst) {
      for (int i = 0; i < n; i++) {
        dst.addBool(src.get() != 0);
      }
    }
  },
  /** DT_HALF and DT_BFLOAT16: 16-bit patterns, zero-extended in {@code half_val}. */
  BITS16(DType.HALF, DType.BFLOAT16) {
    @Override
    void decodeTyped(WireTensor src, int n, boolean broadcast, ByteBuffer dst) {
      for (int i = 0; i < n; i++) {
        dst.putShort((short) src.halfAt(broadcast ? 0 : i));
      }
    }

    @Override
    void encodeTyped(ByteBuffer src, int n, WireTensorBuilder<?> dst) {
      for (int i = 0; i < n; i++) {
        dst.addHalf(src.getShort() & 0xFFFF);
      }
    }
  },
  /** DT_UINT16 sent in {@code uint32_val}, as the TF runtime's helper table writes it; decoding only. */
  UINT16_IN_UINT32() {
    @Override
    void decodeTyped(WireTensor src, int n, boolean broadcast, ByteBuffer dst) {
      for (int i = 0; i < n; i++) {
        dst.putShort((short) src.uint32At(broadcast ? 0 : i));
      }
    }

    @Override
    void encodeTyped(ByteBuffer src, int n, WireTensorBuilder<?> dst) {
      UINT16.encodeTyped(src, n, dst); // answers use the usual int_val
    }
  },
  /** DT_COMPLEX64: interleaved (real, imaginary) float pairs in {@code scomplex_val}. */
  COMPLEX64(DType.COMPLEX64) {
    @Override
    void decodeTyped(WireTensor src, int n, boolean broadcast, ByteBuffer dst) {
      for (int i = 0; i < n; i++) {
        int at = broadcast ? 0 : 2 * i;
        dst.putFloat(src.scomplexAt(at)).putFloat(src.scomplexAt(at + 1));
      }
    }

    @Override
    void encodeTyped(ByteBuffer src, int n, WireTensorBuilder<?> dst) {
      for (int i = 0; i < 2 * n; i++) {
        dst.addScomplex(src.getFloat());
      }
    }
  };

  private static final Map<DType, ElementCodec> BY_TYPE = new EnumMap<>(DType.class);

  static {
    for (ElementCodec row : values()) {
      for (DType type : row.types) {
        BY_TYPE.put(type, row);
      }
    }
  }

  private final DType[] types;

  /** @param types the dtypes whose values this row moves; none for a row reached only by {@link #forField} */
  ElementCodec(DType... types) {
    this.types = types;
  }

  /** The row for a dtype; {@code null} for DT_STRING and for the types with no DJL type (see {@code DTypeTable}). */
  static ElementCodec forType(DType type) {
    return BY_TYPE.get(type);
  }

  /**
   * The row that reads {@code type} from the typed field a request used ({@link TensorHeader#valueField()}), which
   * differs from the dtype's own field only for DT_UINT16 in {@code uint32_val}.
   */
  static ElementCodec forField(DType type, DType.ValueField field) {
    return type == DType.UINT16 && field == DType.ValueField.UINT32_VAL ? UINT16_IN_UINT32 : forType(type);
  }

  /** Writes {@code n} elements from the typed field, or its first element {@code n} times, into {@code dst}. */
  abstract void decodeTyped(WireTensor src, int n, boolean broadcast, ByteBuffer dst);

  /** Reads {@code n} elements from {@code src} and appends them to the typed field of {@code dst}. */
  abstract void encodeTyped(ByteBuffer src, int n, WireTensorBuilder<?> dst);
}
