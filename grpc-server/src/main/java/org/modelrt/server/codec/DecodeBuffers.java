package org.modelrt.server.codec;

import ai.djl.ndarray.NDManager;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Iterator;
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
 * <p>Free buffers are kept per thread (no locking on the hot path), in power-of-two capacities, at most
 * {@link #THREAD_LIMIT} bytes per thread and {@link #GLOBAL_LIMIT} in all; larger tensors get a buffer of their own.
 * Thread-safe.
 */
final class DecodeBuffers {
  /** The smallest capacity handed out; smaller tensors share this size class. */
  static final int MIN_CAPACITY = 256;
  /** Free bytes one thread may keep; also the largest buffer ever reused. */
  static final long THREAD_LIMIT = 32L << 20;
  /** Free bytes all threads together may keep: bounds the direct memory held while idle. */
  static final long GLOBAL_LIMIT = 128L << 20;

  private static final ThreadLocal<ArrayDeque<ByteBuffer>> FREE = ThreadLocal.withInitial(ArrayDeque::new);
  private static final AtomicLong RETAINED = new AtomicLong();
  /** Names the scope resources that give buffers back (a scope keys its resources by name). */
  private static final AtomicLong LOANS = new AtomicLong();

  private DecodeBuffers() {}

  /**
   * A buffer of exactly {@code bytes} remaining, positioned at 0, little-endian, lent to {@code scope} until it closes.
   * Its content is undefined: the caller writes every byte.
   */
  static ByteBuffer lend(int bytes, NDManager scope) {
    if (bytes > THREAD_LIMIT) {
      return ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
    ByteBuffer whole = takeFree(capacityFor(bytes));
    scope.attachInternal("modelrt-decode-buffer-" + LOANS.incrementAndGet(), () -> giveBack(whole));
    return whole.clear().limit(bytes).slice().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Free bytes kept by all threads; for tests. */
  static long retained() {
    return RETAINED.get();
  }

  /** The power-of-two size class of a tensor of {@code bytes} (at most {@link #THREAD_LIMIT}). */
  static int capacityFor(int bytes) {
    return bytes <= MIN_CAPACITY ? MIN_CAPACITY : Integer.highestOneBit(bytes - 1) << 1;
  }

  private static ByteBuffer takeFree(int capacity) {
    for (Iterator<ByteBuffer> it = FREE.get().iterator(); it.hasNext(); ) {
      ByteBuffer b = it.next();
      if (b.capacity() == capacity) {
        it.remove();
        RETAINED.addAndGet(-capacity);
        return b;
      }
    }
    return ByteBuffer.allocateDirect(capacity);
  }

  /** Keeps the buffer for this thread's next request, unless that would exceed a limit (then the GC frees it). */
  private static void giveBack(ByteBuffer buffer) {
    ArrayDeque<ByteBuffer> free = FREE.get();
    long kept = 0;
    for (ByteBuffer b : free) {
      kept += b.capacity();
    }
    if (kept + buffer.capacity() > THREAD_LIMIT) {
      return;
    }
    if (RETAINED.addAndGet(buffer.capacity()) > GLOBAL_LIMIT) {
      RETAINED.addAndGet(-buffer.capacity());
      return;
    }
    free.push(buffer);
  }
}
