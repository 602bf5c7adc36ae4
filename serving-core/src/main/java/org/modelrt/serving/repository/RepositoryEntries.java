package org.modelrt.serving.repository;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.modelrt.engine.EngineOptions;
import org.modelrt.serving.ModelEntry;

/**
 * A TF Serving configuration as the version manager serves it: one {@link ModelEntry} per configured model, its
 * versions polled from its base path under its version policy. The engine is chosen from each version's files
 * ({@code model_platform} says "tensorflow" in nearly every TF Serving config, whatever the files are). Stateless.
 */
public final class RepositoryEntries {
  private RepositoryEntries() {}

  /** The entries of {@code config}, every model's engine run with {@code options}. */
  public static List<ModelEntry> of(RepositoryConfig config, EngineOptions options) {
    List<ModelEntry> entries = new ArrayList<>();
    for (ConfiguredModel model : config.models()) {
      entries.add(new ModelEntry(model.name(), new ScannedVersions(model), model.versionLabels(), options));
    }
    return entries;
  }

  /**
   * Checks at start that every model has a version to serve, as TF Serving refuses to start without one.
   *
   * @throws ModelConfigException naming the model and its base path: missing, unreadable, or no version that fits
   *     its policy
   */
  public static void requireVersions(RepositoryConfig config, List<ModelEntry> entries) throws ModelConfigException {
    for (int i = 0; i < entries.size(); i++) {
      ConfiguredModel model = config.models().get(i);
      try {
        if (entries.get(i).versions().aspired().isEmpty()) {
          throw new ModelConfigException("model " + Messages.quote(model.name()) + ": no version directory under "
              + model.basePath() + " fits its version policy " + model.versionPolicy()
              + "; expected numbered version directories such as " + model.basePath().resolve("1"));
        }
      } catch (IOException e) {
        throw new ModelConfigException("model " + Messages.quote(model.name()) + ": " + e.getMessage());
      }
    }
  }
}
