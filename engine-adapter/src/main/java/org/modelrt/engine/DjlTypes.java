package org.modelrt.engine;

import ai.djl.ndarray.types.DataType;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.modelrt.contract.DType;

/**
 * The DJL column of the dtype table: wire {@link DType} to DJL {@link DataType} and back. The wire facts of each
 * type (number, element size, value field) live in {@link DType}; this is the only other place types are mapped.
 *
 * <p>A type absent here has no DJL representation and is refused at load time (contract) or request time.
 * Whether a given engine accepts a DJL type is a separate, per-engine question.
 */
public final class DjlTypes {
  private static final Map<DType, DataType> TO_DJL = new EnumMap<>(DType.class);
  private static final Map<DataType, DType> FROM_DJL = new EnumMap<>(DataType.class);

  static {
    map(DType.FLOAT, DataType.FLOAT32);
    map(DType.DOUBLE, DataType.FLOAT64);
    map(DType.HALF, DataType.FLOAT16);
    map(DType.BFLOAT16, DataType.BFLOAT16);
    map(DType.INT8, DataType.INT8);
    map(DType.UINT8, DataType.UINT8);
    map(DType.INT16, DataType.INT16);
    map(DType.UINT16, DataType.UINT16);
    map(DType.INT32, DataType.INT32);
    map(DType.UINT32, DataType.UINT32);
    map(DType.INT64, DataType.INT64);
    map(DType.UINT64, DataType.UINT64);
    map(DType.BOOL, DataType.BOOLEAN);
    map(DType.STRING, DataType.STRING);
    map(DType.COMPLEX64, DataType.COMPLEX64);
    // No DJL type: COMPLEX128, the quantized types, RESOURCE, VARIANT, ANY, MAP.
  }

  private DjlTypes() {}

  private static void map(DType wire, DataType djl) {
    TO_DJL.put(wire, djl);
    FROM_DJL.put(djl, wire);
  }

  /** The DJL type for a wire type; empty when DJL has none. */
  public static Optional<DataType> toDjl(DType type) {
    return Optional.ofNullable(TO_DJL.get(type));
  }

  /** The wire type for a DJL type; empty for {@link DataType#UNKNOWN}. */
  public static Optional<DType> fromDjl(DataType type) {
    return Optional.ofNullable(FROM_DJL.get(type));
  }
}
