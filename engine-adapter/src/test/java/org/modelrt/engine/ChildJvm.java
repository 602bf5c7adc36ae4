package org.modelrt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a probe's {@code main} in a fresh JVM on the test classpath, for checks that need a process where no engine
 * has started yet, and reads back its {@code probe.key=value} report lines (a key printed twice gets its values
 * joined by commas). The DJL and TensorFlow settings a developer may have exported are removed first.
 */
final class ChildJvm {
  /** Marks the report lines among the engines' own output. */
  static final String PREFIX = "probe.";

  private ChildJvm() {}

  static Map<String, String> run(Class<?> probe, List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"),
        "-cp", System.getProperty("java.class.path"),
        probe.getName()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    for (String setting : List.of("TENSORFLOW_LIBRARY_PATH", "DJL_OFFLINE", "OPT_OUT_TRACKING")) {
      builder.environment().remove(setting);
    }
    Process child = builder.start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), probe.getSimpleName() + " finished");
    assertEquals(0, child.exitValue(), output);
    Map<String, String> report = new LinkedHashMap<>();
    for (String line : output.split("\n")) {
      int eq = line.indexOf('=');
      if (line.startsWith(PREFIX) && eq > 0) {
        String key = line.substring(PREFIX.length(), eq);
        report.merge(key, line.substring(eq + 1), (a, b) -> a + "," + b);
      }
    }
    return report;
  }
}
