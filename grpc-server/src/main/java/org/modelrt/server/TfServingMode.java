package org.modelrt.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.modelrt.engine.EngineOptions;
import org.modelrt.server.rpc.ModelService;
import org.modelrt.serving.ModelEntry;
import org.modelrt.serving.ServingException;
import org.modelrt.serving.VersionManager;
import org.modelrt.serving.repository.ModelConfigException;
import org.modelrt.serving.repository.ModelServerConfigs;
import org.modelrt.serving.repository.RepositoryConfig;
import org.modelrt.serving.repository.RepositoryEntries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TF Serving mode's start: the models from {@code --model_config_file} or {@code --model_name}/{@code
 * --model_base_path}, checked before anything listens (a bad config, a missing base path or one without a version
 * stops the start with one line), the reload that HandleReloadConfigRequest runs, and the config file re-read every
 * {@code --model_config_file_poll_wait_seconds}. Not thread-safe until started; the watch is.
 */
final class TfServingMode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TfServingMode.class);

  private final TfServingOptions options;
  private final EngineOptions engine;
  private final RepositoryConfig initial;
  private final ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "modelrt-config-watch");
    t.setDaemon(true);
    return t;
  });
  private volatile RepositoryConfig applied;

  /**
   * Reads and checks the configuration.
   *
   * @throws ModelConfigException one line naming the file (line and column), the model or the base path
   */
  TfServingMode(TfServingOptions options, EngineOptions engine) throws ModelConfigException {
    this.options = options;
    this.engine = engine;
    this.initial = read();
    RepositoryEntries.requireVersions(initial, RepositoryEntries.of(initial, engine));
    this.applied = initial;
  }

  List<ModelEntry> entries() {
    return RepositoryEntries.of(initial, engine);
  }

  String loadingMessage() {
    return "loading models " + initial.names();
  }

  /** What HandleReloadConfigRequest does: checks the new config, then serves exactly it. */
  ModelService.Reload reload(VersionManager manager) {
    return config -> {
      try {
        apply(manager, ModelServerConfigs.fromMessage(config, "the reload request"), "the reload request");
      } catch (ModelConfigException e) {
        throw new ServingException(ServingException.Code.INVALID_ARGUMENT, e.getMessage());
      }
    };
  }

  /** Re-reads the config file every period (TF Serving's --model_config_file_poll_wait_seconds); 0: never. */
  void watch(VersionManager manager) {
    Duration period = options.configFilePoll();
    if (options.modelConfigFile().isEmpty() || period.isZero()) {
      return;
    }
    watch.scheduleWithFixedDelay(() -> {
      try {
        RepositoryConfig next = read();
        if (!next.equals(applied)) {
          log.info("{} changed; now serving models {}", options.modelConfigFile().get(), next.names());
          apply(manager, next, options.modelConfigFile().get().toString());
        }
      } catch (ModelConfigException e) {
        log.warn("Keeping the models served: {}", e.getMessage());
      }
    }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    watch.shutdownNow();
  }

  /** Serves {@code next} from now on, unless it changes a served model's platform (TF Serving's rule). */
  private synchronized void apply(VersionManager manager, RepositoryConfig next, String source)
      throws ModelConfigException {
    ModelServerConfigs.checkReload(applied, next, source);
    manager.configure(RepositoryEntries.of(next, engine));
    applied = next;
  }

  private RepositoryConfig read() throws ModelConfigException {
    if (options.modelConfigFile().isPresent()) {
      Path file = options.modelConfigFile().get();
      return ModelServerConfigs.fromFile(file);
    }
    return ModelServerConfigs.fromFlags(options.modelName(), options.modelBasePath().orElseThrow().toString());
  }
}
