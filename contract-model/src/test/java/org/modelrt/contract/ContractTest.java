package org.modelrt.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The default signature rule, selection by name, and immutability of the model. */
class ContractTest {
  static Stream<Arguments> defaults() {
    return Stream.of(
        Arguments.of(List.of("infer"), Optional.of("infer")),
        Arguments.of(List.of("serving_default", "predict"), Optional.of("predict")),
        Arguments.of(List.of("add", "serving_default"), Optional.of("serving_default")),
        Arguments.of(List.of("add", "mul"), Optional.empty()));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("defaults")
  void theDefaultIsTheOnlyOneElsePredictElseServingDefaultElseNone(List<String> names, Optional<String> expected) {
    Contract contract = contract(names);

    assertEquals(expected, contract.defaultSignature().map(Signature::name));
    expected.ifPresent(name -> assertEquals(name, contract.select("").name()));
  }

  @Test
  void selectsByNameWhenARequestNamesOne() {
    assertEquals("serving_default", contract(List.of("serving_default", "predict")).select("serving_default").name());
  }

  @Test
  void refusesAnUnknownSignatureInTheHydrosphereWording() {
    InvalidRequestException e =
        assertThrows(InvalidRequestException.class, () -> contract(List.of("add", "mul")).select("missing_sig"));

    assertEquals("missing_sig signature is not present in the model; the model has [add, mul]", e.getMessage());
  }

  @Test
  void refusesAnEmptyNameWhenThereIsNoDefault() {
    InvalidRequestException e =
        assertThrows(InvalidRequestException.class, () -> contract(List.of("add", "mul")).select(""));

    assertEquals("the request names no signature and the model has no default one; expected one of [add, mul]"
        + " (G1/G2: model_spec.signature_name; G3 requests cannot name one)", e.getMessage());
  }

  @Test
  void keepsItsOwnCopiesOfEveryList() {
    List<Field> subfields = new ArrayList<>(List.of(Field.tensor("k", DType.STRING, Shape.scalar())));
    List<Field> inputs = new ArrayList<>(List.of(new Field("m", DType.MAP, Shape.unknownRank(), subfields)));
    Signature signature = new Signature("s", inputs, inputs);
    subfields.clear();
    inputs.clear();

    assertEquals(1, signature.inputs().size());
    assertEquals(1, signature.inputs().get(0).subfields().size());
    assertThrows(UnsupportedOperationException.class, () -> signature.inputs().add(null));
  }

  @Test
  void shapesMatchAnySizeForMinusOneAndAnyRankWhenUnknown() {
    assertEquals(true, Shape.of(-1, 3).accepts(new long[] {7, 3}));
    assertEquals(false, Shape.of(-1, 3).accepts(new long[] {7, 4}));
    assertEquals(false, Shape.of(-1, 3).accepts(new long[] {3}));
    assertEquals(true, Shape.unknownRank().accepts(new long[] {1, 2, 3}));
    assertEquals(true, Shape.scalar().accepts(new long[0]));
    assertEquals("dim 1 is -2, below -1",
        assertThrows(IllegalArgumentException.class, () -> Shape.of(2, -2)).getMessage());
  }

  private static Contract contract(List<String> names) {
    List<Signature> signatures = new ArrayList<>();
    Field x = Field.tensor("x", DType.FLOAT, Shape.scalar());
    for (String name : names) {
      signatures.add(new Signature(name, List.of(x), List.of(x)));
    }
    return new Contract("m", signatures);
  }
}
