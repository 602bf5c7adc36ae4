package org.modelrt.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** The resident set size of a process, from {@code /proc/<pid>/status} (Linux). Stateless. */
public final class ProcessMemory {
  private ProcessMemory() {}

  /** VmRSS in KiB; empty when the process is gone or the file has no VmRSS line (not Linux). */
  public static OptionalLong rssKib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
        }
      }
      return OptionalLong.empty();
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
