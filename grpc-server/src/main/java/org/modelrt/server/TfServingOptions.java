package org.modelrt.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * TF Serving's own flags, with its names and meanings. Given a model name and base path, or a model config file, the
 * runtime serves in TF Serving mode (models by name, versions by directory); otherwise it serves MODEL_DIR.
 *
 * @param modelName {@code --model_name}; empty when not given
 * @param modelBasePath {@code --model_base_path}: the directory holding numbered version directories
 * @param modelConfigFile {@code --model_config_file}: a ModelServerConfig in protobuf text format
 * @param configFilePoll {@code --model_config_file_poll_wait_seconds}: how often the config file is re-read (0: never)
 * @param fileSystemPoll {@code --file_system_poll_wait_seconds}: how often base paths are scanned (0: once at start)
 * @param restPort {@code --rest_api_port}: the HTTP port (0: off)
 */
public record TfServingOptions(String modelName, Optional<Path> modelBasePath, Optional<Path> modelConfigFile,
    Duration configFilePoll, Duration fileSystemPoll, int restPort) {

  /** No TF Serving flags: Hydrosphere mode. */
  public static TfServingOptions none() {
    return new TfServingOptions("", Optional.empty(), Optional.empty(), Duration.ZERO, Duration.ofSeconds(1), 0);
  }

  /** Whether the runtime serves in TF Serving mode. */
  public boolean enabled() {
    return !modelName.isEmpty() || modelConfigFile.isPresent();
  }
}
