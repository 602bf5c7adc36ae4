package org.modelrt.serving.batching;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.modelrt.serving.FuzzRefusals;
import org.modelrt.serving.repository.ModelConfigException;
import org.modelrt.serving.repository.TextProtoFiles;

/**
 * Coverage-guided fuzzing of {@code --batching_parameters_file} (and a version's {@code batching_params.pbtxt}) as
 * the server reads it: arbitrary bytes written to a file, read by {@link TextProtoFiles#readBatchingParameters} and
 * turned into a {@link BatchingConfig}. The file is either accepted (a config the scheduler can run) or refused: with
 * a {@link ModelConfigException} naming the file when it does not parse, or an {@link IllegalArgumentException}
 * naming the parameter out of range (both are one line at startup); bounded and in config terms. Anything else is a
 * finding. Inputs: {@code BatchingParametersFileFuzzTestInputs/}.
 */
class BatchingParametersFileFuzzTest {
  private static final Path FILE = tempFile();
  private static final List<String> PARAMETERS = List.of("max_batch_size", "batch_timeout_micros",
      "max_enqueued_batches", "num_batch_threads", "allowed_batch_sizes");

  private static Path tempFile() {
    try {
      Path dir = Files.createTempDirectory("modelrt-fuzz");
      dir.toFile().deleteOnExit();
      Path file = dir.resolve("batching_parameters.pbtxt");
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @FuzzTest(maxDuration = "2m")
  void read(byte[] bytes) throws IOException {
    Files.write(FILE, bytes);
    try {
      check(BatchingConfig.of(TextProtoFiles.readBatchingParameters(FILE)));
    } catch (ModelConfigException refused) {
      FuzzRefusals.check(refused, bytes, FILE.toString());
    } catch (IllegalArgumentException outOfRange) {
      FuzzRefusals.check(outOfRange, bytes);
      if (PARAMETERS.stream().noneMatch(outOfRange.getMessage()::contains)) {
        throw new AssertionError("a refusal that names no parameter: " + outOfRange.getMessage(), outOfRange);
      }
    }
  }

  /** What the scheduler relies on: a batch holds a row, and a batch's padded size is one it may run. */
  private static void check(BatchingConfig config) {
    if (!config.enabled() || config.paddedSize(config.maxBatchSize()) != config.maxBatchSize()) {
      throw new AssertionError("accepted " + config);
    }
  }
}
