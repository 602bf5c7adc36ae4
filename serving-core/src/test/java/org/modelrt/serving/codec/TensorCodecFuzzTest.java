package org.modelrt.serving.codec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.modelrt.contract.DType;
import org.modelrt.contract.Field;
import org.modelrt.contract.InvalidRequestException;
import org.modelrt.contract.RequestValidator;
import org.modelrt.contract.Shape;
import org.modelrt.contract.Signature;
import org.modelrt.contract.TensorHeader;
import org.modelrt.contract.ValidatedInput;
import org.modelrt.engine.DTypeTable;
import org.modelrt.engine.EngineKind;
import org.modelrt.engine.StringTensors;
import org.modelrt.serving.FuzzRefusals;
import org.modelrt.wire.g3.Tensor;
import org.modelrt.wire.tensor.TensorProto;

/**
 * Coverage-guided fuzzing of the tensor codec, the way a Predict reaches it: arbitrary bytes parsed as a G1/G2
 * TensorProto or a G3 Tensor, validated against an input field, and decoded into a real array of an engine that
 * takes the field's dtype. Every dtype is a case: those some engine takes, on each such engine (typed {@code *_val}
 * and {@code tensor_content}/{@code binary_val}, whichever the bytes hold), and those no DJL type exists for (DT_ANY,
 * the quantized types, ...), which must be refused. Not the five types DJL has but no engine takes (int16, uint16/32/64,
 * complex64): load time refuses a contract with them, and creating one on PyTorch aborts the JVM.
 *
 * <p>An input is either decoded to an array of the validated shape, element count and dtype, or refused with an
 * {@link InvalidRequestException} naming the input, bounded and in protocol terms; anything else (another
 * exception, a hang, running out of memory) is a finding. The fuzzed data provider picks the case, the field's shape
 * kind and the generation from its last bytes; the rest is the message. Inputs: {@code TensorCodecFuzzTestInputs/}.
 */
class TensorCodecFuzzTest {
  private static final long LIMIT = 1 << 16;
  private static final RequestValidator VALIDATOR = new RequestValidator(LIMIT);
  private static final List<Shape> SHAPES =
      List.of(Shape.unknownRank(), Shape.of(-1), Shape.of(-1, 2), Shape.scalar());

  /** One dtype on one engine. */
  private record Case(DType dtype, EngineKind engine) {}

  private static final List<Case> CASES = cases();
  private static final Map<EngineKind, NDManager> ENGINES = new EnumMap<>(EngineKind.class);

  private static List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    for (DType dtype : DType.values()) {
      List<EngineKind> taking = Arrays.stream(EngineKind.values()).filter(e -> DTypeTable.takes(e, dtype)).toList();
      taking.forEach(engine -> cases.add(new Case(dtype, engine)));
      if (taking.isEmpty() && DTypeTable.toDjl(dtype).isEmpty()) {
        cases.add(new Case(dtype, EngineKind.PYTORCH)); // refused before any engine sees it
      }
    }
    return List.copyOf(cases);
  }

  private static synchronized NDManager engine(EngineKind kind) {
    return ENGINES.computeIfAbsent(kind, k -> NDManager.newBaseManager(k.djlName()));
  }

  @FuzzTest(maxDuration = "2m")
  void decode(FuzzedDataProvider data) {
    boolean g3 = data.consumeBoolean();
    Case c = CASES.get(data.consumeInt(0, CASES.size() - 1));
    Shape shape = SHAPES.get(data.consumeInt(0, SHAPES.size() - 1));
    byte[] bytes = data.consumeRemainingAsBytes();
    try {
      if (g3) {
        decode(WireFormat.G3_TENSOR, Tensor.parseFrom(bytes), bytes, c, shape);
      } else {
        decode(WireFormat.TENSOR_PROTO, TensorProto.parseFrom(bytes), bytes, c, shape);
      }
    } catch (InvalidProtocolBufferException notATensor) {
      // the transport refuses these before the codec (its own fuzzing is the fronts')
    }
  }

  private static <T> void decode(WireFormat<T> format, T tensor, byte[] bytes, Case c, Shape shape) {
    Field field = Field.tensor("x", c.dtype(), shape);
    TensorHeader header = format.header(tensor);
    Signature signature = new Signature("s", List.of(field), List.of(field));
    try (NDManager scope = engine(c.engine()).newSubManager()) {
      ValidatedInput input = VALIDATOR.validate(signature, Map.of("x", header)).get(0);
      NDArray array = TensorCodec.decode(format, tensor, header, input, scope);
      checkDecoded(array, input, c);
    } catch (InvalidRequestException refused) {
      FuzzRefusals.check(refused, bytes, "'x'");
    }
  }

  /** What the engine gets: the validated shape, as many elements as it holds, of the field's type. */
  private static void checkDecoded(NDArray array, ValidatedInput input, Case c) {
    if (DTypeTable.toDjl(c.dtype()).isEmpty()) {
      throw new AssertionError(c.dtype() + " has no engine type but was decoded");
    }
    long elements = 1;
    for (long d : input.shape()) {
      elements *= d;
    }
    if (!Arrays.equals(array.getShape().getShape(), input.shape()) || array.size() != elements) {
      throw new AssertionError("decoded " + array.getShape() + " for " + Shape.format(input.shape()));
    }
    if (array.getDataType() != DTypeTable.toDjl(c.dtype()).get()) {
      throw new AssertionError("decoded " + array.getDataType() + " for " + c.dtype());
    }
    // An empty array's buffer is not looked at: TensorFlow gives an empty bool tensor one byte of storage.
    long held = c.dtype() == DType.STRING ? StringTensors.bytes(array).length
        : elements == 0 ? 0 : array.toByteBuffer().remaining() / c.dtype().elementSize();
    if (held != elements) {
      throw new AssertionError(c + ": the array holds " + held + " elements, its shape " + elements);
    }
  }
}
