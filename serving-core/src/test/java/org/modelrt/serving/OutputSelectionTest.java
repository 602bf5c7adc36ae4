package org.modelrt.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.modelrt.contract.DType;
import org.modelrt.contract.Field;
import org.modelrt.contract.InvalidRequestException;
import org.modelrt.contract.Shape;
import org.modelrt.contract.Signature;

final class OutputSelectionTest {
  private static final Signature SIG = new Signature("s", List.of(Field.tensor("x", DType.FLOAT, Shape.of(-1))),
      List.of(Field.tensor("a", DType.FLOAT, Shape.of(-1)), Field.tensor("b", DType.FLOAT, Shape.of(-1)),
          Field.tensor("c", DType.FLOAT, Shape.of(-1))));

  @Test
  void noFilter_selectsEveryOutputInSignatureOrder() {
    assertEquals(List.of(0, 1, 2), OutputSelection.select(SIG, List.of()));
  }

  @Test
  void filter_selectsItsOutputs_inSignatureOrder() {
    assertEquals(List.of(0, 2), OutputSelection.select(SIG, List.of("c", "a")));
  }

  @Test
  void unknownName_isRefused_listingTheOutputs() {
    InvalidRequestException e = assertThrows(InvalidRequestException.class,
        () -> OutputSelection.select(SIG, List.of("a", "z")));

    assertEquals("output_filter names 'z', which is not an output of signature 's'; its outputs are [a, b, c]",
        e.getMessage());
  }

  @Test
  void repeatedName_isRefused() {
    InvalidRequestException e = assertThrows(InvalidRequestException.class,
        () -> OutputSelection.select(SIG, List.of("b", "b")));

    assertEquals("output_filter names 'b' twice", e.getMessage());
  }
}
