package org.modelrt.serving.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.modelrt.contract.Shape;

/** Which shape an answer carries: the contract's when fully known and of the same element count, else the real one. */
final class OutputShapeTest {

  @Test
  void aFullyKnownContractShapeOfTheSameCountWins() {
    assertArrayEquals(new long[] {4}, OutputShape.of(Shape.of(4), new long[] {1, 4}));
    assertArrayEquals(new long[] {2, 2}, OutputShape.of(Shape.of(2, 2), new long[] {4}));
    assertArrayEquals(new long[] {}, OutputShape.of(Shape.scalar(), new long[] {1}));
  }

  @Test
  void otherwiseTheRealShapeIsKept() {
    assertArrayEquals(new long[] {1, 4}, OutputShape.of(Shape.of(-1, 4), new long[] {1, 4}));
    assertArrayEquals(new long[] {2, 4}, OutputShape.of(Shape.of(4), new long[] {2, 4}));
    assertArrayEquals(new long[] {3}, OutputShape.of(Shape.unknownRank(), new long[] {3}));
    assertArrayEquals(new long[] {0, 4}, OutputShape.of(Shape.of(4), new long[] {0, 4}));
  }
}
