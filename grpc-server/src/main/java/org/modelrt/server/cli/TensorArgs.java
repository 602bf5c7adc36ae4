package org.modelrt.server.cli;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.modelrt.contract.DType;
import org.modelrt.serving.codec.TensorText;

/**
 * Tensors given on the command line: {@code --input x=1,2,3,4}, optionally {@code --shape x=1,4} (default: one
 * dim, the value count) and {@code --dtype x=DT_INT64} (default DT_FLOAT). String values are text, sent as UTF-8.
 */
final class TensorArgs {
  private TensorArgs() {}

  /**
   * The tensors, in the order of {@code inputs}.
   *
   * @throws IllegalArgumentException naming the input and what is wrong
   */
  static Map<String, TensorText.Values> parse(Map<String, String> inputs, Map<String, String> shapes,
      Map<String, String> dtypes) {
    requireKnown("--shape", shapes, inputs);
    requireKnown("--dtype", dtypes, inputs);
    Map<String, TensorText.Values> tensors = new LinkedHashMap<>();
    inputs.forEach((name, text) -> {
      DType dtype = RequestFile.dtype(dtypes.getOrDefault(name, "DT_FLOAT"));
      List<String> values = text.isEmpty() ? List.of() : Arrays.stream(text.split(",", -1)).map(String::trim)
          .map(v -> dtype == DType.STRING ? TensorText.byteString(v.getBytes(StandardCharsets.UTF_8)) : v).toList();
      long[] shape = shapes.containsKey(name) ? dims(name, shapes.get(name)) : new long[] {values.size()};
      tensors.put(name, new TensorText.Values(dtype, shape, values));
    });
    return tensors;
  }

  private static long[] dims(String name, String text) {
    if (text.isBlank()) {
      return new long[0];
    }
    try {
      return Arrays.stream(text.split(",")).map(String::trim).mapToLong(Long::parseLong).toArray();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--shape " + name + "=" + text + ": dims are integers, e.g. 1,4");
    }
  }

  private static void requireKnown(String flag, Map<String, String> given, Map<String, String> inputs) {
    for (String name : given.keySet()) {
      if (!inputs.containsKey(name)) {
        throw new IllegalArgumentException(flag + " names '" + name + "', which no --input gives");
      }
    }
  }
}
