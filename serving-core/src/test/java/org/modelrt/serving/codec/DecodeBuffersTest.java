package org.modelrt.serving.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Decode buffers are lent to a request scope and reused, by any thread, only after it closes. */
final class DecodeBuffersTest {
  @AutoClose static final NDManager ENGINE = NDManager.newBaseManager("PyTorch");

  /** A pool of its own per test, so that no other test's buffers are counted. */
  private final DecodeBuffers buffers = new DecodeBuffers(64L << 20);

  @Test
  void lendsADirectLittleEndianBufferOfExactlyTheBytesAsked() {
    try (NDManager scope = ENGINE.newSubManager()) {
      ByteBuffer b = buffers.lend(1000, scope);

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
      ByteBuffer first = buffers.lend(64, scope);
      fill(first, (byte) 1);
      ByteBuffer second = buffers.lend(64, scope);
      fill(second, (byte) 2);

      for (int i = 0; i < 64; i++) {
        assertEquals(1, first.get(i), "byte " + i + " of the first buffer");
      }
    }
  }

  @Test
  void aClosedScopesBufferServesTheNextRequest() {
    try (NDManager scope = ENGINE.newSubManager()) {
      fill(buffers.lend(4 << 20, scope), (byte) 7);
    }
    assertEquals(4 << 20, buffers.retained(), "kept after the scope closed");

    try (NDManager scope = ENGINE.newSubManager()) {
      ByteBuffer second = buffers.lend(3 << 20, scope);
      assertEquals(0, buffers.retained(), "taken again, not allocated");
      assertEquals(7, second.get(0), "the same memory, unzeroed");
    }
  }

  @Test
  void buffersReturnedOnAThreadThatHasEnded_serveOtherThreads_andLeaveTheCountWhenTaken() throws Exception {
    Thread shortLived = new Thread(() -> {
      try (NDManager scope = ENGINE.newSubManager()) {
        fill(buffers.lend(2 << 20, scope), (byte) 9);
      }
    });
    shortLived.start();
    shortLived.join();
    assertEquals(2 << 20, buffers.retained(), "kept after the ended thread's scope closed");

    try (NDManager scope = ENGINE.newSubManager()) {
      ByteBuffer reused = buffers.lend(2 << 20, scope);
      assertEquals(0, buffers.retained(), "taken on this thread, not allocated");
      assertEquals(9, reused.get(0), "the ended thread's memory, unzeroed");
    }
  }

  @Test
  void freeBuffersBeyondTheLimitAreNotKept() {
    DecodeBuffers small = new DecodeBuffers(3 << 10);
    try (NDManager scope = ENGINE.newSubManager()) {
      for (int i = 0; i < 4; i++) {
        small.lend(1 << 10, scope);
      }
    }
    assertEquals(3 << 10, small.retained(), "three 1 KiB buffers fit the 3 KiB limit, the fourth does not");
  }

  @Test
  void tensorsAboveTheLargestCapacityAreNeverKept() {
    try (NDManager scope = ENGINE.newSubManager()) {
      buffers.lend(DecodeBuffers.MAX_CAPACITY + 1, scope);
    }
    assertEquals(0, buffers.retained());
  }

  @Test
  void sizeClassesArePowersOfTwoFromTheMinimum() {
    assertEquals(DecodeBuffers.MIN_CAPACITY, DecodeBuffers.capacityFor(0));
    assertEquals(DecodeBuffers.MIN_CAPACITY, DecodeBuffers.capacityFor(DecodeBuffers.MIN_CAPACITY));
    assertEquals(512, DecodeBuffers.capacityFor(257));
    assertEquals(4 << 20, DecodeBuffers.capacityFor(4 << 20));
    assertEquals(8 << 20, DecodeBuffers.capacityFor((4 << 20) + 1));
    assertEquals(DecodeBuffers.MAX_CAPACITY, DecodeBuffers.capacityFor(DecodeBuffers.MAX_CAPACITY));
  }

  private static void fill(ByteBuffer b, byte value) {
    for (int i = 0; i < b.remaining(); i++) {
      b.put(i, value);
    }
  }
}
