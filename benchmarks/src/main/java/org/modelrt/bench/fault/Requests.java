package org.modelrt.bench.fault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.modelrt.wire.tensor.DataType;
import org.modelrt.wire.tensor.TensorProto;
import org.modelrt.wire.tensor.TensorShapeProto;
import org.modelrt.wire.tfserving.ModelSpec;
import org.modelrt.wire.tfserving.PredictRequest;

/** The Predicts the fault tools send to pt_linear ({@code x} DT_FLOAT [-1, 4]), and readings of the server. */
final class Requests {
  private Requests() {}

  /** {@code x} = [1, 4] of 1, 2, 3, 4. */
  static PredictRequest linear(String modelName) {
    return linear(modelName, 1);
  }

  /** {@code x} = [rows, 4] of 1, 2, 3, 4 repeated: more rows, a longer call. */
  static PredictRequest linear(String modelName, int rows) {
    TensorProto.Builder x = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT)
        .setTensorShape(TensorShapeProto.newBuilder()
            .addDim(TensorShapeProto.Dim.newBuilder().setSize(rows))
            .addDim(TensorShapeProto.Dim.newBuilder().setSize(4)));
    for (int i = 0; i < rows * 4; i++) {
      x.addFloatVal(i % 4 + 1);
    }
    return PredictRequest.newBuilder().setModelSpec(ModelSpec.newBuilder().setName(modelName))
        .putInputs("x", x.build()).build();
  }

  /** Open descriptors of a process ({@code /proc/<pid>/fd}); -1 when unreadable. */
  static long fds(long pid) {
    try (var s = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      return s.count();
    } catch (IOException e) {
      return -1;
    }
  }

  /** VmRSS of a process in MiB; -1 when unreadable. */
  static long rssMiB(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
