package org.modelrt.bench.jmh;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The codec's floor: one bulk copy of a float tensor's bytes from a heap array into native memory (a direct buffer
 * allocated once), the least any decode into an engine array must do, at the machine's copy bandwidth. Codec rates
 * are quoted as a fraction of this one, measured in the same run; what the codec does beyond the copy (allocating,
 * converting, the engine's own copy) is the gap.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MemoryCopyBenchmark {

  /** The source bytes: {@code elements} floats. */
  @State(Scope.Thread)
  public static class Source {
    @Param({"1", "1024", "1048576"})
    public int elements;

    byte[] bytes;
    ByteBuffer direct;

    @Setup
    public void fill() {
      bytes = new byte[elements * Float.BYTES];
      direct = ByteBuffer.allocateDirect(bytes.length).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) (i * 31);
      }
    }
  }

  @Benchmark
  public ByteBuffer copy(Source source, ByteCounter counter) {
    ByteBuffer direct = source.direct.clear();
    direct.put(source.bytes);
    counter.bytes += source.bytes.length;
    return direct;
  }
}
