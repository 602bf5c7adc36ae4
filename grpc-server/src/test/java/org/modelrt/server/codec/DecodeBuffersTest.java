package org.modelrt.server.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Decode buffers are lent to a request scope and reused only after it closes. */
final class DecodeBuffersTest {
  @AutoClose static final NDManager ENGINE = NDManager.newBaseManager("PyTorch");

  @Test
  void lendsADirectLittleEndianBufferOfExactlyTheBytesAsked() {
    try (NDManager scope = ENGINE.newSubManager()) {
      ByteBuffer b = DecodeBuffers.lend(1000, scope);

      assertTrue(b.isDirect());
      assertEquals(ByteOrder.LITTLE_ENDIAN, b.order());
      assertEquals(0, b.position());
      assertEquals(1000, b.remaining());
      assertEquals(1000, b.capacity());
    }
  }

  @Test
  void buffersOfOneOpenScopeNeverShareMemory() {
    try (NDManager scope = ENGINE.newSubManager()) {
      ByteBuffer first = DecodeBuffers.lend(64, scope);
      fill(first, (byte) 1);
      ByteBuffer second = DecodeBuffers.lend(64, scope);
      fill(second, (byte) 2);

      for (int i = 0; i < 64; i++) {
        assertEquals(1, first.get(i), "byte " + i + " of the first buffer");
      }
    }
  }

  @Test
  void aClosedScopesBufferServesTheNextRequestOnTheThread() {
    long before = DecodeBuffers.retained();
    ByteBuffer first;
    try (NDManager scope = ENGINE.newSubManager()) {
      first = DecodeBuffers.lend(4 << 20, scope);
      fill(first, (byte) 7);
    }
    assertEquals(before + (4 << 20), DecodeBuffers.retained(), "kept after the scope closed");

    try (NDManager scope = ENGINE.newSubManager()) {
      ByteBuffer second = DecodeBuffers.lend(3 << 20, scope);
      assertEquals(before, DecodeBuffers.retained(), "taken again, not allocated");
      assertEquals(7, second.get(0), "the same memory, unzeroed");
    }
  }

  @Test
  void tensorsAboveTheThreadLimitAreNeverKept() {
    long before = DecodeBuffers.retained();
    try (NDManager scope = ENGINE.newSubManager()) {
      DecodeBuffers.lend((int) DecodeBuffers.THREAD_LIMIT + 1, scope);
    }
    assertEquals(before, DecodeBuffers.retained());
  }

  @Test
  void sizeClassesArePowersOfTwoFromTheMinimum() {
    assertEquals(DecodeBuffers.MIN_CAPACITY, DecodeBuffers.capacityFor(0));
    assertEquals(DecodeBuffers.MIN_CAPACITY, DecodeBuffers.capacityFor(DecodeBuffers.MIN_CAPACITY));
    assertEquals(512, DecodeBuffers.capacityFor(257));
    assertEquals(4 << 20, DecodeBuffers.capacityFor(4 << 20));
    assertEquals(8 << 20, DecodeBuffers.capacityFor((4 << 20) + 1));
  }

  private static void fill(ByteBuffer b, byte value) {
    for (int i = 0; i < b.remaining(); i++) {
      b.put(i, value);
    }
  }
}
