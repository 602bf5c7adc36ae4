package org.modelrt.engine;

import ai.djl.ndarray.types.DataType;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.modelrt.contract.DType;

/**
 * Which element types each engine takes and returns through DJL 0.36, found by creating and reading an array of every
 * {@link DataType} in each engine. A type outside an engine's set is refused at load time: DJL's TensorFlow and ONNX
 * Runtime throw on it, and PyTorch aborts the whole JVM (bfloat16, int16, uint16/32/64). Stateless.
 */
final class EngineDTypes {
  private static final Map<EngineKind, Set<DataType>> SUPPORTED = new EnumMap<>(EngineKind.class);

  static {
    Set<DataType> common =
        EnumSet.of(
            DataType.FLOAT32, DataType.FLOAT64, DataType.INT8, DataType.UINT8, DataType.INT32, DataType.INT64,
            DataType.BOOLEAN);
    Set<DataType> pytorch = EnumSet.copyOf(common);
    pytorch.add(DataType.FLOAT16);
    Set<DataType> tensorflow = EnumSet.copyOf(common);
    tensorflow.add(DataType.STRING);
    Set<DataType> onnx = EnumSet.copyOf(common);
    onnx.addAll(EnumSet.of(DataType.FLOAT16, DataType.BFLOAT16, DataType.STRING));
    SUPPORTED.put(EngineKind.PYTORCH, pytorch);
    SUPPORTED.put(EngineKind.TENSORFLOW, tensorflow);
    SUPPORTED.put(EngineKind.ONNX_RUNTIME, onnx);
  }

  private EngineDTypes() {}

  /** Why {@code engine} cannot take {@code type}; empty when it can. */
  static Optional<String> refusal(EngineKind engine, DType type) {
    Optional<DataType> djl = DjlTypes.toDjl(type);
    if (djl.isEmpty()) {
      return Optional.of(type + " has no DJL representation");
    }
    if (!SUPPORTED.get(engine).contains(djl.get())) {
      return Optional.of(engine.djlName() + " in DJL cannot take " + type + " (it takes " + names(engine) + ")");
    }
    return Optional.empty();
  }

  private static String names(EngineKind engine) {
    return SUPPORTED.get(engine).stream()
        .map(t -> DjlTypes.fromDjl(t).map(DType::wireName).orElse(t.name()))
        .sorted()
        .toList()
        .toString();
  }
}
