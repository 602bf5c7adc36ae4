package org.modelrt.contract.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.modelrt.contract.Contract;
import org.modelrt.contract.DType;
import org.modelrt.contract.Field;
import org.modelrt.contract.Shape;
import org.modelrt.contract.Signature;

/**
 * The six real contract.protobin files (shared fixtures, one per layout and generation). Expected values come from
 * {@code protoc --decode_raw} of each file, cross-checked with docs/hydrosphere-upstream.md ("Contract layouts",
 * "Upstream's test models"): e.g. tf_summator's shapes are present and empty (scalars), calculator's TensorInfo has no
 * shape (any shape), lstm has no model_name.
 */
class RealContractFixturesTest {
  private static final Shape ANY = Shape.unknownRank();

  static Stream<Arguments> fixtures() {
    return Stream.of(
        Arguments.of("L0-tf_summator.protobin", WireLayout.L0, "tf_summator", List.of(
            sig("add", List.of(int8("a", Shape.scalar()), int8("b", Shape.scalar())),
                List.of(int8("sum", Shape.scalar()))),
            sig("mul", List.of(int8("a", Shape.scalar()), int8("b", Shape.scalar())),
                List.of(int8("mul", Shape.scalar())))),
            Optional.empty()),
        Arguments.of("L1-calculator.protobin", WireLayout.L1, "calculator", List.of(
            sig("add", List.of(int8("a", ANY), int8("b", ANY)), List.of(int8("sum", ANY)))),
            Optional.of("add")),
        Arguments.of("L2-lstm.protobin", WireLayout.L2, "", List.of(
            sig("infer", List.of(Field.tensor("data", DType.FLOAT, Shape.of(-1, -1, 24))),
                List.of(Field.tensor("result", DType.FLOAT, Shape.of(4))))),
            Optional.of("infer")),
        Arguments.of("L2p-crashing_calculator.protobin", WireLayout.L2, "crashing_calculator", List.of(
            sig("crash_add", List.of(int8("a", ANY), int8("b", ANY)), List.of(int8("sum", ANY)))),
            Optional.of("crash_add")),
        Arguments.of("L3-calculator.protobin", WireLayout.L3, "", List.of(
            sig("add", List.of(int8("a", ANY), int8("b", ANY)), List.of(int8("sum", ANY)))),
            Optional.of("add")),
        Arguments.of("L3-crashing_calculator.protobin", WireLayout.L3, "", List.of(
            sig("crash_add", List.of(int8("a", ANY), int8("b", ANY)), List.of(int8("sum", ANY)))),
            Optional.of("crash_add")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void readsEveryRealLayoutToItsSignaturesNamesDtypesAndShapes(String file, WireLayout layout, String modelName,
      List<Signature> signatures, Optional<String> defaultSignature) throws Exception {
    Contract contract = ContractReader.read(fixture(file));

    assertEquals(modelName, contract.modelName());
    assertEquals(signatures, List.copyOf(contract.signatures()));
    assertEquals(defaultSignature, contract.defaultSignature().map(Signature::name));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void tellsTheLayoutFromTheBytes(String file, WireLayout layout, String modelName, List<Signature> signatures,
      Optional<String> defaultSignature) throws Exception {
    byte[] bytes;
    try (InputStream in = getClass().getResourceAsStream("/contracts/" + file)) {
      bytes = in.readAllBytes();
    }

    assertEquals(layout, LayoutDetector.detect(bytes, Location.of(file)));
  }

  @Test
  void readsDtype24InAG3ContractAsDtAny() throws Exception {
    byte[] bytes = Files.readAllBytes(fixture("L3-calculator.protobin"));
    bytes[11] = 24; // input a's dtype (20 06 at byte 10)

    Contract contract = ContractReader.readBinary(bytes, "contract.protobin");

    assertEquals(Field.tensor("a", DType.ANY, ANY), contract.signature("add").orElseThrow().inputs().get(0));
  }

  static Path fixture(String file) throws URISyntaxException {
    return Path.of(RealContractFixturesTest.class.getResource("/contracts/" + file).toURI());
  }

  private static Field int8(String name, Shape shape) {
    return Field.tensor(name, DType.INT8, shape);
  }

  private static Signature sig(String name, List<Field> inputs, List<Field> outputs) {
    return new Signature(name, inputs, outputs);
  }
}
