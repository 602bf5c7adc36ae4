package org.modelrt.serving.codec;

import ai.djl.ndarray.NDManager;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Direct little-endian buffers that decoded inputs are written into, reused across requests.
 *
 * <p>PyTorch and ONNX Runtime wrap a direct buffer without copying it, so an input's buffer must outlive its array:
 * each buffer is lent to a request scope and comes back when the scope closes. A fresh {@code allocateDirect} per
 * input costs a malloc, the JVM's zeroing and, for large tensors, the page faults of memory the allocator handed back
 * to the kernel at the last free; profiling put those, not the copy, at the top of decoding a 4 MiB tensor. A reused
 * buffer is written whole by the decoder, so it needs no zeroing.
 *
 * <p>Free buffers are shared by all threads, one stack per power-of-two size class (the most recently returned, still
 * resident, is taken first), at most {@code limit} bytes in all; larger tensors than {@link #MAX_CAPACITY} get a
 * buffer of their own. Not per thread: handler threads end when idle, and whatever a thread kept would leave with it
 * while still counting against the limit. Each stack is an {@code ArrayDeque} under its own lock, held for a push or
 * a pop: no allocation per loan, unlike a lock-free deque's nodes (the profile of a batch-1 Predict showed them).
 * Each buffer keeps the name it is lent under (a scope keys its resources by name, and a buffer has one loan at a
 * time), so no name is built per loan either. Thread-safe.
 */
final class DecodeBuffers {
  /** The smallest capacity handed out; smaller tensors share this size class. */
  static final int MIN_CAPACITY = 256;
  /** The largest buffer ever reused. */
  static final int MAX_CAPACITY = 32 << 20;
  /** The pool the codec decodes with: 128 MiB of free buffers at most, bounding the direct memory held while idle. */
  static final DecodeBuffers SHARED = new DecodeBuffers(128L << 20);

  private static final int MIN_SHIFT = Integer.numberOfTrailingZeros(MIN_CAPACITY);
  /** Numbers the buffers' names. */
  private static final AtomicLong BUFFERS = new AtomicLong();

  /** A buffer of one size class and the name it is lent under. */
  private record Pooled(ByteBuffer whole, String name) {
    static Pooled allocate(int capacity) {
      return new Pooled(ByteBuffer.allocateDirect(capacity), "modelrt-decode-buffer-" + BUFFERS.incrementAndGet());
    }
  }

  private final long limit;
  private final ArrayDeque<Pooled>[] free; // each guarded by itself
  private final AtomicLong retained = new AtomicLong();

  /** @param limit the free bytes this pool may keep */
  @SuppressWarnings("unchecked")
  DecodeBuffers(long limit) {
    this.limit = limit;
    int classes = Integer.numberOfTrailingZeros(MAX_CAPACITY) - MIN_SHIFT + 1;
    this.free = (ArrayDeque<Pooled>[]) new ArrayDeque<?>[classes];
    for (int i = 0; i < free.length; i++) {
      free[i] = new ArrayDeque<>();
    }
  }

  /**
   * A buffer of exactly {@code bytes} remaining, positioned at 0, little-endian, lent to {@code scope} until it closes.
   * Its content is undefined: the caller writes every byte.
   */
  ByteBuffer lend(int bytes, NDManager scope) {
    if (bytes > MAX_CAPACITY) {
      return ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
    int capacity = capacityFor(bytes);
    ArrayDeque<Pooled> sizeClass = free[Integer.numberOfTrailingZeros(capacity) - MIN_SHIFT];
    Pooled buffer;
    synchronized (sizeClass) {
      buffer = sizeClass.pollFirst();
    }
    if (buffer == null) {
      buffer = Pooled.allocate(capacity);
    } else {
      retained.addAndGet(-capacity);
    }
    Pooled lent = buffer;
    scope.attachInternal(lent.name(), () -> giveBack(sizeClass, lent));
    return lent.whole().clear().limit(bytes).slice().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Free bytes kept; for tests. */
  long retained() {
    return retained.get();
  }

  /** The power-of-two size class of a tensor of {@code bytes} (at most {@link #MAX_CAPACITY}). */
  static int capacityFor(int bytes) {
    return bytes <= MIN_CAPACITY ? MIN_CAPACITY : Integer.highestOneBit(bytes - 1) << 1;
  }

  /** Keeps the buffer for a later request, unless that would exceed the limit (then the GC frees it). */
  private void giveBack(ArrayDeque<Pooled> sizeClass, Pooled buffer) {
    int capacity = buffer.whole().capacity();
    if (retained.addAndGet(capacity) > limit) {
      retained.addAndGet(-capacity);
      return;
    }
    synchronized (sizeClass) {
      sizeClass.offerFirst(buffer);
    }
  }
}
