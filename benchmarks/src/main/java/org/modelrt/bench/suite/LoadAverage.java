package org.modelrt.bench.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The host's 1/5/15-minute load averages from {@code /proc/loadavg}: how busy the shared machine was. */
final class LoadAverage {
  private LoadAverage() {}

  static String read() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " / " + f[1] + " / " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
