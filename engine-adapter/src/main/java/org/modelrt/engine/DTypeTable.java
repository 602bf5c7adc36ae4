package org.modelrt.engine;

import ai.djl.ndarray.types.DataType;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.modelrt.contract.DType;

/**
 * The one table of element types past the wire: for each wire {@link DType}, its DJL {@link DataType} and the engines
 * that take and return it through DJL 0.36. The wire facts of a type (number, element size, value field) are
 * {@link DType}'s; how the codec moves each type's values is its {@code ElementCodec} row, and serving-core's
 * {@code DTypeWalkTest} checks every wire type on every engine against this table.
 *
 * <p>The engine sets were found by creating and reading an array of every DJL type in each engine. A type outside an
 * engine's set is refused at load time: DJL's TensorFlow and ONNX Runtime throw on it, and PyTorch aborts the whole
 * JVM (bfloat16, int16, uint16/32/64). A type with no DJL type (DT_COMPLEX128, the quantized types, DT_RESOURCE,
 * DT_VARIANT, DT_ANY, DT_MAP) no engine takes. Stateless.
 */
public final class DTypeTable {
  private static final Set<EngineKind> ALL = EnumSet.allOf(EngineKind.class);
  private static final Set<EngineKind> NONE = EnumSet.noneOf(EngineKind.class);

  /** One wire type's row: its DJL type and the engines that take it. */
  private record Row(DataType djl, Set<EngineKind> engines) {}

  private static final Map<DType, Row> ROWS = new EnumMap<>(DType.class);
  private static final Map<DataType, DType> FROM_DJL = new EnumMap<>(DataType.class);

  static {
    row(DType.FLOAT, DataType.FLOAT32, ALL);
    row(DType.DOUBLE, DataType.FLOAT64, ALL);
    row(DType.INT8, DataType.INT8, ALL);
    row(DType.UINT8, DataType.UINT8, ALL);
    row(DType.INT32, DataType.INT32, ALL);
    row(DType.INT64, DataType.INT64, ALL);
    row(DType.BOOL, DataType.BOOLEAN, ALL);
    row(DType.HALF, DataType.FLOAT16, EnumSet.of(EngineKind.PYTORCH, EngineKind.ONNX_RUNTIME));
    row(DType.BFLOAT16, DataType.BFLOAT16, EnumSet.of(EngineKind.ONNX_RUNTIME));
    row(DType.STRING, DataType.STRING, EnumSet.of(EngineKind.TENSORFLOW, EngineKind.ONNX_RUNTIME));
    // DJL has these types, but no engine takes them through DJL 0.36.
    row(DType.INT16, DataType.INT16, NONE);
    row(DType.UINT16, DataType.UINT16, NONE);
    row(DType.UINT32, DataType.UINT32, NONE);
    row(DType.UINT64, DataType.UINT64, NONE);
    row(DType.COMPLEX64, DataType.COMPLEX64, NONE);
  }

  private DTypeTable() {}

  private static void row(DType wire, DataType djl, Set<EngineKind> engines) {
    ROWS.put(wire, new Row(djl, Set.copyOf(engines)));
    FROM_DJL.put(djl, wire);
  }

  /** The DJL type for a wire type; empty when DJL has none. */
  public static Optional<DataType> toDjl(DType type) {
    Row row = ROWS.get(type);
    return row == null ? Optional.empty() : Optional.of(row.djl());
  }

  /** The wire type for a DJL type; empty for the DJL types with no wire type ({@link DataType#UNKNOWN} and such). */
  public static Optional<DType> fromDjl(DataType type) {
    return Optional.ofNullable(FROM_DJL.get(type));
  }

  /** Whether {@code engine} takes and returns arrays of {@code type}. */
  public static boolean takes(EngineKind engine, DType type) {
    Row row = ROWS.get(type);
    return row != null && row.engines().contains(engine);
  }

  /** Why {@code engine} cannot take {@code type}, in protocol terms; empty when it can. */
  public static Optional<String> refusal(EngineKind engine, DType type) {
    if (!ROWS.containsKey(type)) {
      return Optional.of(type + " has no DJL representation");
    }
    if (!takes(engine, type)) {
      return Optional.of(engine.djlName() + " in DJL cannot take " + type + " (it takes " + taken(engine) + ")");
    }
    return Optional.empty();
  }

  private static String taken(EngineKind engine) {
    return ROWS.keySet().stream().filter(t -> takes(engine, t)).map(DType::wireName).sorted().toList().toString();
  }
}
