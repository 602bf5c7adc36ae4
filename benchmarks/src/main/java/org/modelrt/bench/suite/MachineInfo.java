package org.modelrt.bench.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where and with what the numbers were taken: cores, CPU model and memory (from /proc), kernel, JVM, the versions
 * of the libraries on the benchmarks' class path (from the jar names in {@code benchmarks/target/lib}), the commit,
 * the date, and the host's load averages taken during the run (how much else was running).
 */
record MachineInfo(int cores, String cpuModel, String memory, String kernel, String jvm, List<String> libraries,
    String commit, String date, List<String> loadAverages) {

  /** Jars whose versions matter to the numbers. */
  private static final List<String> REPORTED = List.of("grpc-core", "grpc-netty-shaded", "protobuf-java-4",
      "api-", "pytorch-jni", "onnxruntime-1", "tensorflow-api", "jmh-core", "HdrHistogram");

  static MachineInfo detect(Path repo, String commit, List<String> loadAverages) {
    return new MachineInfo(Runtime.getRuntime().availableProcessors(), procValue("/proc/cpuinfo", "model name"),
        memory(procValue("/proc/meminfo", "MemTotal")), System.getProperty("os.name") + " " + System.getProperty("os.version"),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        libraries(repo.resolve("benchmarks/target/lib")), commit,
        ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
        List.copyOf(loadAverages));
  }

  private static String procValue(String file, String key) {
    try (Stream<String> lines = Files.lines(Path.of(file))) {
      return lines.filter(l -> l.startsWith(key)).map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst()
          .orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String memory(String memTotal) {
    try {
      return String.format(java.util.Locale.ROOT, "%.1f GiB", Long.parseLong(memTotal.replace("kB", "").trim())
          / (1024.0 * 1024.0));
    } catch (NumberFormatException e) {
      return memTotal;
    }
  }

  private static List<String> libraries(Path lib) {
    List<String> found = new ArrayList<>();
    try (Stream<Path> jars = Files.list(lib)) {
      jars.map(p -> p.getFileName().toString()).sorted()
          .filter(n -> REPORTED.stream().anyMatch(n::startsWith))
          .forEach(n -> found.add(n.substring(0, n.length() - ".jar".length())));
    } catch (IOException e) {
      found.add("(no " + lib + ")");
    }
    return found;
  }
}
