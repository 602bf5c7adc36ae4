package org.modelrt.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * CPU time a process has used (user + system, all its threads), from {@code /proc/<pid>/stat} (Linux). Read before
 * and after a measured window, it gives the server's CPU per call, which separates work from waiting: a latency that
 * grows while CPU per call does not is scheduling, not code. Stateless.
 */
public final class ProcessCpu {
  /** USER_HZ: the unit of utime and stime; 100 on every Linux x86_64 kernel configuration in use. */
  private static final long TICKS_PER_SECOND = 100;

  private ProcessCpu() {}

  /** User + system CPU time in nanoseconds; empty when the process is gone (or not Linux). */
  public static OptionalLong cpuNanos(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // Fields after the command name, which is in parentheses and may hold spaces: state is field 3.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      return OptionalLong.of(ticks * (1_000_000_000L / TICKS_PER_SECOND));
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }
}
