package org.modelrt.serving.repository;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One model as the configuration names it, before anything is loaded: TF Serving's {@code ModelConfig} after
 * validation. Immutable, thread-safe.
 *
 * <p>A label that points at a version the policy does not serve can only be told once the versions on disk are
 * known (for {@code latest} and {@code all}); {@link #labelsNotServed} answers that for the caller. For a {@code
 * specific} policy it is refused when the config is read, since such a version can never be served.
 *
 * @param name the model's name, what requests put in {@code model_spec.name}; not empty
 * @param basePath the absolute, normalized directory that holds the numbered version directories
 * @param platform {@code model_platform} as given ({@code "tensorflow"} for the deprecated {@code model_type:
 *     TENSORFLOW}), or empty: the engine is chosen from each version's files either way
 * @param versionPolicy which versions on disk to serve
 * @param versionLabels label to version ({@code version_labels}), sorted by label
 */
public record ConfiguredModel(
    String name, Path basePath, String platform, VersionPolicy versionPolicy, SortedMap<String, Long> versionLabels) {
  public ConfiguredModel {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(versionPolicy, "versionPolicy");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a model needs a name");
    }
    if (!basePath.isAbsolute()) {
      throw new IllegalArgumentException("the base path must be absolute: " + basePath);
    }
    basePath = basePath.normalize();
    versionLabels = Collections.unmodifiableSortedMap(new TreeMap<>(versionLabels));
  }

  /** A model with TF Serving's defaults: any platform, {@code latest 1}, no labels. */
  public static ConfiguredModel of(String name, Path basePath) {
    return new ConfiguredModel(name, basePath, "", VersionPolicy.DEFAULT, Collections.emptySortedMap());
  }

  /** The labels whose version is not among {@code served} (TF Serving refuses to assign those), sorted by label. */
  public SortedMap<String, Long> labelsNotServed(Set<Long> served) {
    SortedMap<String, Long> dangling = new TreeMap<>();
    for (Map.Entry<String, Long> label : versionLabels.entrySet()) {
      if (!served.contains(label.getValue())) {
        dangling.put(label.getKey(), label.getValue());
      }
    }
    return Collections.unmodifiableSortedMap(dangling);
  }
}
