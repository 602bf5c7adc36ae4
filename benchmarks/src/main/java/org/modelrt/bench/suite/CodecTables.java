package org.modelrt.bench.suite;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** Markdown tables of the tensor codec's rates, each beside the memory-copy floor of the same size. */
final class CodecTables {
  static final List<String> DTYPES = List.of("FLOAT", "DOUBLE", "INT32", "INT64", "BOOL", "STRING");
  static final List<String> ELEMENTS = List.of("1", "1024", "1048576");
  private static final String COPY = "MemoryCopyBenchmark.copy";

  private CodecTables() {}

  static void write(StringBuilder out, Figures f) {
    out.append("## Tensor codec (JMH throughput, payload bytes per second)\n\n");
    out.append("G1/G2 TensorProto <-> NDArray through `TensorCodec` (G3 tensors share the same per-type code):"
        + " decode reads the message's values into a new array in a request scope (PyTorch; DT_STRING on"
        + " TensorFlow, the engine that takes strings) and closes the scope; encode writes an array into a new"
        + " message. Payload bytes are elements x element size (DT_STRING: the strings' bytes). The floor is the"
        + " memory copy of a float tensor of the same element count (4 bytes per element).\n\n");
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
        out.append("| ").append(encoding.toLowerCase(java.util.Locale.ROOT)).append(" | ").append(n).append(" | ")
            .append(rate(f.bytesPerSecond("CodecDecodeBenchmark.parseAndDecode", p))).append(" | ")
            .append(rate(f.bytesPerSecond(TargetChecks.DECODE, p))).append(" |\n");
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
        out.append("| ").append(dtype).append(" | ").append(n).append(" | ").append(rate(typed)).append(" | ")
            .append(ratio(typed, floor)).append(" | ").append(dtype.equals("STRING") ? "n/a (no raw form)"
            : rate(content)).append(" | ").append(ratio(content, floor)).append(" |\n");
      }
    }
    out.append('\n');
  }

  private static String rate(OptionalDouble bytesPerSecond) {
    return bytesPerSecond.isPresent() ? TargetChecks.gbps(bytesPerSecond.getAsDouble()) : "-";
  }

  private static String ratio(OptionalDouble value, OptionalDouble floor) {
    return value.isPresent() && floor.isPresent() ? MarkdownReport.x(value.getAsDouble() / floor.getAsDouble())
        : "-";
  }
}
