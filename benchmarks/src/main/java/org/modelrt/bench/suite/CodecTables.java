package org.modelrt.bench.suite;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/** Markdown tables of the tensor codec's rates, each beside the memory-copy floor of the same size. */
final class CodecTables {
  static final List<String> DTYPES = List.of("FLOAT", "DOUBLE", "INT32", "INT64", "BOOL", "STRING");
  static final List<String> ELEMENTS = List.of("1", "1024", "1048576");
  /** Payload bytes per element (DT_STRING: the benchmark's 16-byte strings), to turn a rate into time per tensor. */
  private static final Map<String, Integer> ELEMENT_BYTES = Map.of("FLOAT", 4, "DOUBLE", 8, "INT32", 4, "INT64", 8,
      "BOOL", 1, "STRING", 16);
  private static final String COPY = "MemoryCopyBenchmark.copy";

  private CodecTables() {}

  static void write(StringBuilder out, Figures f) {
    out.append("## Tensor codec (JMH throughput, payload bytes per second)\n\n");
    out.append("G1/G2 TensorProto <-> NDArray through `TensorCodec` (G3 tensors share the same per-type code):"
        + " decode reads the message's values into a new array in a request scope (PyTorch; DT_STRING on"
        + " TensorFlow, the engine that takes strings) and closes the scope; encode writes an array into a new"
        + " message. Payload bytes are elements x element size (DT_STRING: the strings' bytes); each rate is the"
        + " median of the measured iterations, with the time per tensor it implies in parentheses (what matters for"
        + " small tensors, where fixed costs dominate). The floor is the memory copy of a float tensor of the same"
        + " element count (4 bytes per element).\n\n");
    out.append("| elements | memory copy (floor) |\n|---|---|\n");
    for (String n : ELEMENTS) {
      out.append("| ").append(n).append(" | ").append(rate(f.bytesPerSecond(COPY, Map.of("elements", n))))
          .append(" |\n");
    }
    out.append('\n');
    table(out, f, "decode", TargetChecks.DECODE);
    table(out, f, "encode", "CodecEncodeBenchmark.encode");
    out.append("Protobuf parsing is not part of `decode`; `parseAndDecode` (DT_FLOAT) starts from the serialized"
        + " tensor as gRPC hands it over:\n\n| encoding | elements | parse + decode | decode alone |\n|---|---|---|---|\n");
    for (String encoding : List.of("TYPED", "CONTENT")) {
      for (String n : ELEMENTS) {
        Map<String, String> p = Map.of("dtype", "FLOAT", "encoding", encoding, "elements", n);
        out.append("| ").append(encoding.toLowerCase(Locale.ROOT)).append(" | ").append(n).append(" | ")
            .append(rate(f.bytesPerSecond("CodecDecodeBenchmark.parseAndDecode", p), "FLOAT", n)).append(" | ")
            .append(rate(f.bytesPerSecond(TargetChecks.DECODE, p), "FLOAT", n)).append(" |\n");
      }
    }
    out.append('\n');
  }

  private static void table(StringBuilder out, Figures f, String title, String benchmark) {
    out.append("### ").append(title).append("\n\n");
    out.append("| dtype | elements | typed `*_val` | vs floor | `tensor_content` | vs floor |\n");
    out.append("|---|---|---|---|---|---|\n");
    for (String dtype : DTYPES) {
      for (String n : ELEMENTS) {
        OptionalDouble floor = f.bytesPerSecond(COPY, Map.of("elements", n));
        OptionalDouble typed = f.bytesPerSecond(benchmark, Map.of("dtype", dtype, "encoding", "TYPED", "elements", n));
        OptionalDouble content = f.bytesPerSecond(benchmark,
            Map.of("dtype", dtype, "encoding", "CONTENT", "elements", n));
        out.append("| ").append(dtype).append(" | ").append(n).append(" | ").append(rate(typed, dtype, n))
            .append(" | ").append(ratio(typed, floor)).append(" | ").append(dtype.equals("STRING") ? "n/a (no raw form)"
            : rate(content, dtype, n)).append(" | ").append(ratio(content, floor)).append(" |\n");
      }
    }
    out.append('\n');
  }

  private static String rate(OptionalDouble bytesPerSecond) {
    return bytesPerSecond.isPresent() ? bytesRate(bytesPerSecond.getAsDouble()) : "-";
  }

  /** The rate, then the time one tensor of {@code elements} takes at that rate. */
  private static String rate(OptionalDouble bytesPerSecond, String dtype, String elements) {
    if (bytesPerSecond.isEmpty()) {
      return "-";
    }
    double micros = Long.parseLong(elements) * ELEMENT_BYTES.get(dtype) / bytesPerSecond.getAsDouble() * 1e6;
    String time = micros >= 100 ? "%.0f" : micros >= 1 ? "%.1f" : "%.2f";
    return bytesRate(bytesPerSecond.getAsDouble()) + String.format(Locale.ROOT, " (" + time + " µs)", micros);
  }

  static String bytesRate(double bytesPerSecond) {
    if (bytesPerSecond >= 1e9) {
      return String.format(Locale.ROOT, "%.2f GB/s", bytesPerSecond / 1e9);
    }
    return bytesPerSecond >= 1e6 ? String.format(Locale.ROOT, "%.0f MB/s", bytesPerSecond / 1e6)
        : String.format(Locale.ROOT, "%.0f kB/s", bytesPerSecond / 1e3);
  }

  private static String ratio(OptionalDouble value, OptionalDouble floor) {
    if (value.isEmpty() || floor.isEmpty()) {
      return "-";
    }
    double r = value.getAsDouble() / floor.getAsDouble();
    return r >= 0.1 ? MarkdownReport.x(r) : String.format(Locale.ROOT, "%.2gx", r);
  }
}
