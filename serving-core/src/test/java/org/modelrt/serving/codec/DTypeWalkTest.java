package org.modelrt.serving.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.modelrt.contract.DType;
import org.modelrt.contract.Field;
import org.modelrt.contract.Shape;
import org.modelrt.contract.ValidatedInput;
import org.modelrt.engine.DTypeTable;
import org.modelrt.engine.EngineKind;
import org.modelrt.wire.tensor.TensorProto;
import org.modelrt.wire.tensor.TensorShapeProto;

/**
 * Every wire dtype on every engine, against the one dtype table ({@code DTypeTable}): a type the table gives the
 * engine goes from the wire into a real array of that engine and back unchanged, typed and as raw content (extreme
 * values where the type has them); any other type is refused with a message naming it, which is what the load-time
 * contract check says. A row the table gets wrong fails here (and an array PyTorch cannot hold would abort the JVM,
 * which is why refused types are never created).
 */
final class DTypeWalkTest {
  private static final Map<EngineKind, NDManager> ENGINES = new EnumMap<>(EngineKind.class);

  @BeforeAll
  static void engines() {
    for (EngineKind engine : EngineKind.values()) {
      ENGINES.put(engine, NDManager.newBaseManager(engine.djlName()));
    }
  }

  @AfterAll
  static void close() {
    ENGINES.values().forEach(NDManager::close);
  }

  static Stream<Arguments> everyTypeOnEveryEngine() {
    return Arrays.stream(DType.values())
        .flatMap(type -> Arrays.stream(EngineKind.values()).map(engine -> Arguments.of(type, engine)));
  }

  /** Two values of a type as text (one complex element: its real and imaginary parts); empty when none is written. */
  private static Optional<List<String>> sample(DType type) {
    return Optional.ofNullable(switch (type) {
      case FLOAT -> List.of("1.5", "-2.25");
      case DOUBLE -> List.of("1.0E300", "-0.1");
      case INT8 -> List.of("-128", "127");
      case UINT8 -> List.of("0", "255");
      case INT16 -> List.of("-32768", "32767");
      case UINT16 -> List.of("0", "65535");
      case INT32 -> List.of("-2147483648", "2147483647");
      case UINT32 -> List.of("0", "4294967295");
      case INT64 -> List.of("-9223372036854775808", "9223372036854775807");
      case UINT64 -> List.of("1", "18446744073709551615");
      case BOOL -> List.of("true", "false");
      case HALF, BFLOAT16 -> List.of("1.0", "-2.0");
      case COMPLEX64 -> List.of("1.0", "-2.0");
      default -> null;
    });
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("everyTypeOnEveryEngine")
  void roundTripsOrIsRefusedWithAClearMessage(DType type, EngineKind engine) {
    Optional<String> refusal = DTypeTable.refusal(engine, type);
    if (refusal.isPresent()) {
      String why = refusal.get();
      assertTrue(why.equals(type + " has no DJL representation")
              || why.startsWith(engine.djlName() + " in DJL cannot take " + type + " (it takes [DT_"),
          why);
      return;
    }
    TensorProto sent = type == DType.STRING ? strings() : TensorText.toTensor(WireFormat.TENSOR_PROTO, type,
        new long[] {type == DType.COMPLEX64 ? 1 : 2}, sample(type).orElseThrow(), false);
    long[] dims = {type == DType.COMPLEX64 ? 1 : 2};
    Field field = Field.tensor("v", type, Shape.unknownRank());
    NDManager scope = ENGINES.get(engine).newSubManager();
    try (scope) {
      NDArray array = TensorCodec.decode(WireFormat.TENSOR_PROTO, sent, WireFormat.TENSOR_PROTO.header(sent),
          new ValidatedInput(field, dims, false), scope);
      assertEquals(DTypeTable.toDjl(type).orElseThrow(), array.getDataType());
      assertEquals(engine.djlName(), array.getManager().getEngine().getEngineName());
      assertEquals(sent, TensorCodec.encode(WireFormat.TENSOR_PROTO, array, field, false));
      if (type != DType.STRING) {
        TensorProto content = TensorCodec.encode(WireFormat.TENSOR_PROTO, array, field, true);
        assertEquals(sample(type).orElseThrow(), TensorText.fromTensor(WireFormat.TENSOR_PROTO, content).values());
      }
    }
  }

  private static TensorProto strings() {
    return TensorProto.newBuilder().setDtypeValue(DType.STRING.wireNumber())
        .setTensorShape(TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dim.newBuilder().setSize(2)))
        .addStringVal(ByteString.copyFrom("h\u00e9llo", StandardCharsets.UTF_8)).addStringVal(ByteString.EMPTY)
        .build();
  }
}
