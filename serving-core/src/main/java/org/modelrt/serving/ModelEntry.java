package org.modelrt.serving;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import org.modelrt.engine.EngineOptions;

/**
 * One configured model: its name, where its versions come from, its version labels and how its engine runs.
 *
 * @param versions what versions should be served now (a base path scanned with a version policy, or one fixed
 *     directory)
 * @param labels version label -> version number ({@code stable -> 1})
 */
public record ModelEntry(String name, VersionSource versions, Map<String, Long> labels, EngineOptions options) {
  public ModelEntry {
    labels = Map.copyOf(labels);
  }

  /** The versions a model should serve, each with its directory. */
  @FunctionalInterface
  public interface VersionSource {
    /**
     * The versions to serve now, by number.
     *
     * @throws IOException when they cannot be listed (the base path vanished or is unreadable): the versions already
     *     loaded keep serving
     */
    SortedMap<Long, Path> aspired() throws IOException;
  }

  /** A source that always serves {@code dir} as version {@code version} (Hydrosphere mode's one model). */
  public static VersionSource fixed(long version, Path dir) {
    return () -> new java.util.TreeMap<>(Map.of(version, dir));
  }
}
