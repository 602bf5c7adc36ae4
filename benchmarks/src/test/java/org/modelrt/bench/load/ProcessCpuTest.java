package org.modelrt.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {

  @Test
  void agreesWithTheJvmsOwnAccountOfItsCpuTime() {
    long pid = ProcessHandle.current().pid();
    long burn = 0;
    for (int i = 0; i < 50_000_000; i++) {
      burn += i % 7;
    }
    // Independent source: the JDK's ProcessHandle reads the same counters through its own native code.
    Duration jdk = ProcessHandle.current().info().totalCpuDuration().orElseThrow();
    OptionalLong ours = ProcessCpu.cpuNanos(pid);
    assertTrue(burn > 0 && ours.isPresent());
    // Ticks are 10 ms; the JVM's other threads keep running between the two reads.
    assertTrue(Math.abs(ours.getAsLong() - jdk.toNanos()) < 200_000_000L, ours + " vs " + jdk);
  }

  @Test
  void aProcessThatIsGoneHasNoCpuTime() {
    assertEquals(OptionalLong.empty(), ProcessCpu.cpuNanos(Integer.MAX_VALUE));
  }
}
