package org.modelrt.serving.repository;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one listing of a model's base path found. Immutable, thread-safe.
 *
 * @param basePath the directory listed
 * @param versions version number to its directory, ascending
 * @param ignored the entries that are not version directories, by name, each with the reason (the caller logs one
 *     INFO line per name, ideally once per name rather than once per poll)
 */
public record VersionScan(Path basePath, SortedMap<Long, Path> versions, List<Ignored> ignored) {
  public VersionScan {
    versions = Collections.unmodifiableSortedMap(new TreeMap<>(versions));
    ignored = List.copyOf(ignored);
  }

  /** The version numbers found, ascending: what {@link VersionPolicy#select} takes. */
  public SortedSet<Long> versionNumbers() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(versions.keySet()));
  }

  /** An entry of the base path that is not served, and why, in words. */
  public record Ignored(String name, String reason) {}
}
