package org.modelrt.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Error details that quote caller input stay bounded, whatever the request sends. */
class QuotedTest {
  private static final Field X = Field.tensor("x", DType.FLOAT, Shape.scalar());
  private static final Signature SIGNATURE = new Signature("serving_default", List.of(X), List.of(X));
  private static final TensorHeader SCALAR = RequestTensors.of(DType.FLOAT).shape().values(DType.ValueField.FLOAT_VAL, 1)
      .header();

  @Test
  void aShortValueIsKeptAsIs_aLongOneIsCutWithItsLength() {
    assertEquals("x", Quoted.value("x"));
    String cut = Quoted.value("a".repeat(1 << 20));
    assertEquals("a".repeat(200) + "... (1048576 chars)", cut);
  }

  @Test
  void controlCharactersBecomeQuestionMarks_andSurrogatePairsAreNotSplit() {
    assertEquals("a?b?", Quoted.value("a\nb\r"));
    String pairs = "a" + "\uD83D\uDE00".repeat(150); // char 199 is the high half of a pair
    assertEquals("a" + "\uD83D\uDE00".repeat(99) + "... (301 chars)", Quoted.value(pairs));
  }

  @Test
  void aListKeepsTenItems_andCountsTheRest() {
    List<String> names = IntStream.range(0, 10_000).mapToObj(i -> "n" + i).toList();
    assertEquals("[n0, n1, n2, n3, n4, n5, n6, n7, n8, n9, ... and 9990 more]", Quoted.list(names));
    assertEquals("[]", Quoted.list(List.of()));
    assertEquals("[a, b]", Quoted.list(List.of("a", "b")));
  }

  @Test
  void aWholeDetailStaysUnder1KiBOfUtf8() {
    String detail = Quoted.detail("\u00e9".repeat(5000));
    assertTrue(detail.getBytes(StandardCharsets.UTF_8).length <= Quoted.MAX_DETAIL_BYTES, detail);
    assertTrue(detail.endsWith("..."));
    assertEquals("short", Quoted.detail("short"));
  }

  @Test
  void aOneMegabyteInputName_givesABoundedMessage() {
    String huge = "n".repeat(1 << 20);
    Map<String, TensorHeader> inputs = Map.of(huge, SCALAR);

    String message = refusal(inputs);

    assertEquals("input set does not match signature 'serving_default': sent [" + "n".repeat(200)
        + "... (1048576 chars)]; expected [x]; extra [" + "n".repeat(200) + "... (1048576 chars)]; missing [x]",
        message);
  }

  @Test
  void tenThousandInputNames_giveABoundedMessage() {
    Map<String, TensorHeader> inputs = new HashMap<>();
    for (int i = 0; i < 10_000; i++) {
      inputs.put(String.format("in%05d", i), SCALAR);
    }

    String message = refusal(inputs);

    assertTrue(message.contains("sent [in00000, in00001, in00002, in00003, in00004, in00005, in00006, in00007, "
        + "in00008, in00009, ... and 9990 more]"), message);
    assertTrue(message.getBytes(StandardCharsets.UTF_8).length <= 1024, message.length() + " bytes");
  }

  @Test
  void tenThousandLongNames_stillUnder1KiB() {
    Map<String, TensorHeader> inputs = new HashMap<>();
    for (int i = 0; i < 10_000; i++) {
      inputs.put(i + "z".repeat(300), SCALAR);
    }
    assertTrue(refusal(inputs).getBytes(StandardCharsets.UTF_8).length <= 1024);
  }

  @Test
  void anUnknownSignatureNameOfOneMegabyte_isCut() {
    Contract contract = new Contract("m", List.of(SIGNATURE));
    String huge = "s".repeat(1 << 20);

    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> contract.select(huge));

    assertEquals("s".repeat(200) + "... (1048576 chars) signature is not present in the model; the model has "
        + "[serving_default]", e.getMessage());
  }

  @Test
  void aContractWithManySignatures_isListedBounded() {
    List<Signature> many = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      many.add(new Signature("sig" + i, List.of(X), List.of(X)));
    }
    Contract contract = new Contract("m", many);

    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> contract.select("nope"));

    assertTrue(e.getMessage().endsWith("... and 40 more]"), e.getMessage());
  }

  private static String refusal(Map<String, TensorHeader> inputs) {
    return assertThrows(InvalidRequestException.class,
        () -> new RequestValidator(1000).validate(SIGNATURE, inputs)).getMessage();
  }
}
