package org.modelrt.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.modelrt.contract.DType;
import org.modelrt.contract.Field;
import org.modelrt.contract.Signature;
import org.modelrt.server.cli.RequestFile;
import org.modelrt.serving.codec.TensorText;

/**
 * The ways to describe the request a load run sends: a request file (read by the runtime's {@link RequestFile}),
 * command-line tensors, or a signature of the model's contract (all ones, every -1 dim taken as 1). Stateless.
 */
public final class RequestSpecs {
  private RequestSpecs() {}

  /** Case {@code caseIndex} of a file in the test-models {@code expected.json} schema. */
  public static RequestSpec fromJson(Path file, int caseIndex, boolean asContent) throws IOException {
    List<RequestFile.Case> cases = RequestFile.read(file).cases();
    if (caseIndex < 0 || caseIndex >= cases.size()) {
      throw new IllegalArgumentException(file + ": case " + caseIndex + " asked, the file has " + cases.size());
    }
    RequestFile.Case c = cases.get(caseIndex);
    return new RequestSpec(c.signature(), c.inputs(), asContent);
  }

  /**
   * Tensors written as {@code NAME:DTYPE:SHAPE[=VALUES]}, e.g. {@code x:DT_FLOAT:1x4=1,2,3,4}; without values, all
   * ones. String values are taken as UTF-8.
   */
  public static RequestSpec fromCli(String signature, List<String> tensors, boolean asContent) {
    Map<String, TensorText.Values> inputs = new LinkedHashMap<>();
    for (String text : tensors) {
      String[] valueSplit = text.split("=", 2);
      String[] parts = valueSplit[0].split(":");
      if (parts.length != 3) {
        throw new IllegalArgumentException("--input '" + text + "': expected NAME:DTYPE:SHAPE[=VALUES], e.g."
            + " x:DT_FLOAT:1x4=1,2,3,4");
      }
      DType dtype = dtype(parts[1]);
      long[] shape = cliShape(parts[2]);
      List<String> values = valueSplit.length == 2 ? List.of(valueSplit[1].split(",")) : ones(shape);
      inputs.put(parts[0], new TensorText.Values(dtype, shape, dtype == DType.STRING ? utf8(values) : values));
    }
    return new RequestSpec(signature, inputs, asContent);
  }

  /** All ones of the signature's input shapes, each -1 (and an unknown rank) taken as 1. */
  public static RequestSpec fromSignature(Signature signature, boolean asContent) {
    Map<String, TensorText.Values> inputs = new LinkedHashMap<>();
    for (Field f : signature.inputs()) {
      long[] dims = f.shape().hasKnownRank() ? f.shape().dims().clone() : new long[] {1};
      for (int i = 0; i < dims.length; i++) {
        dims[i] = dims[i] < 0 ? 1 : dims[i];
      }
      inputs.put(f.name(), new TensorText.Values(f.dtype(), dims, ones(dims)));
    }
    return new RequestSpec(signature.name(), inputs, asContent);
  }

  private static List<String> ones(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return Collections.nCopies(Math.toIntExact(n), "1");
  }

  private static List<String> utf8(List<String> values) {
    return values.stream().map(v -> TensorText.byteString(v.getBytes(StandardCharsets.UTF_8))).toList();
  }

  private static DType dtype(String name) {
    String upper = name.trim().toUpperCase(Locale.ROOT);
    try {
      return DType.valueOf(upper.startsWith("DT_") ? upper.substring(3) : upper);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + name + "' is not a dtype; use a wire name such as DT_FLOAT", e);
    }
  }

  private static long[] cliShape(String text) {
    if (text.isEmpty()) {
      return new long[0];
    }
    String[] dims = text.split("x");
    long[] shape = new long[dims.length];
    for (int i = 0; i < dims.length; i++) {
      shape[i] = Long.parseLong(dims[i].trim());
    }
    return shape;
  }
}
