package org.modelrt.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The input set must match the signature exactly; the message reads like TF Serving's. */
class InputSetCheckTest {
  private static final Signature SIGNATURE = new Signature("serving_default",
      List.of(Field.tensor("b", DType.FLOAT, Shape.scalar()), Field.tensor("a", DType.FLOAT, Shape.scalar())),
      List.of(Field.tensor("y", DType.FLOAT, Shape.scalar())));

  static Stream<Arguments> mismatches() {
    return Stream.of(
        Arguments.of("a missing input", List.of("a"),
            "sent [a]; expected [b, a]; extra []; missing [b]"),
        Arguments.of("an unknown input", List.of("c", "a", "b"),
            "sent [a, b, c]; expected [b, a]; extra [c]; missing []"),
        Arguments.of("one unknown in place of a missing one", List.of("c", "a"),
            "sent [a, c]; expected [b, a]; extra [c]; missing [b]"),
        Arguments.of("no inputs at all", List.of(),
            "sent []; expected [b, a]; extra []; missing [b, a]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mismatches")
  void listsSentExpectedExtraAndMissing(String rule, List<String> sent, String lists) {
    Map<String, TensorHeader> inputs = new LinkedHashMap<>();
    for (String name : sent) {
      inputs.put(name, scalar());
    }

    InvalidRequestException e = assertThrows(InvalidRequestException.class,
        () -> new RequestValidator(10).validate(SIGNATURE, inputs));

    assertEquals("input set does not match signature 'serving_default': " + lists, e.getMessage());
  }

  @Test
  void acceptsExactlyTheSignatureInputsInAnyOrder() {
    Map<String, TensorHeader> inputs = new LinkedHashMap<>();
    inputs.put("a", scalar());
    inputs.put("b", scalar());

    assertEquals(2, new RequestValidator(10).validate(SIGNATURE, inputs).size());
  }

  private static TensorHeader scalar() {
    return RequestTensors.of(DType.FLOAT).shape().values(DType.ValueField.FLOAT_VAL, 1).header();
  }
}
