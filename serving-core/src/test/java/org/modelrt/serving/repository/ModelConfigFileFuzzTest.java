package org.modelrt.serving.repository;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.modelrt.serving.FuzzRefusals;

/**
 * Coverage-guided fuzzing of TF Serving's {@code --model_config_file} as the server reads it: arbitrary bytes
 * written to a file and read by {@link ModelServerConfigs#fromFile} (UTF-8 check, protobuf text parse against
 * {@code ModelServerConfig}, then TF Serving's rules: names, base paths, platforms, version policies and labels).
 * The file is either accepted as a usable config or refused with a {@link ModelConfigException} that names the file
 * and is bounded and in config terms; anything else is a finding. Inputs: {@code ModelConfigFileFuzzTestInputs/}.
 */
class ModelConfigFileFuzzTest {
  private static final Path FILE = tempFile("models.config");

  static Path tempFile(String name) {
    try {
      Path dir = Files.createTempDirectory("modelrt-fuzz");
      dir.toFile().deleteOnExit();
      Path file = dir.resolve(name);
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @FuzzTest(maxDuration = "2m")
  void fromFile(byte[] bytes) throws IOException {
    Files.write(FILE, bytes);
    try {
      check(ModelServerConfigs.fromFile(FILE));
    } catch (ModelConfigException refused) {
      FuzzRefusals.check(refused, bytes, FILE.toString());
    }
  }

  /** What the registry relies on: one entry per name, each with a name and an absolute, normalized base path. */
  private static void check(RepositoryConfig config) {
    Set<String> names = new HashSet<>();
    for (ConfiguredModel model : config.models()) {
      if (model.name().isEmpty() || !names.add(model.name())) {
        throw new AssertionError("accepted an empty or repeated name: " + config.names());
      }
      if (!model.basePath().isAbsolute() || !model.basePath().equals(model.basePath().normalize())) {
        throw new AssertionError("accepted base path " + model.basePath());
      }
    }
  }
}
