package org.modelrt.serving.repository;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The models to serve, in the order the configuration lists them; names are unique. Empty when a config file
 * names no models (TF Serving takes no action for an empty config). Immutable, thread-safe.
 */
public record RepositoryConfig(List<ConfiguredModel> models) {
  public RepositoryConfig {
    models = List.copyOf(models);
    Set<String> names = new HashSet<>();
    for (ConfiguredModel model : models) {
      if (!names.add(model.name())) {
        throw new IllegalArgumentException("model " + model.name() + " is listed twice");
      }
    }
  }

  /** The model of this name, if configured. */
  public Optional<ConfiguredModel> model(String name) {
    return models.stream().filter(m -> m.name().equals(name)).findFirst();
  }

  /** The models' names, in config order. */
  public List<String> names() {
    return models.stream().map(ConfiguredModel::name).toList();
  }
}
