package org.modelrt.serving.repository;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which of the versions found under a model's base path to serve: TF Serving's {@code model_version_policy}. The
 * default is {@code latest} with one version. Immutable values, thread-safe.
 */
public sealed interface VersionPolicy {
  /** TF Serving's default: the highest version only. */
  VersionPolicy DEFAULT = new Latest(1);

  /**
   * The versions to serve out of {@code onDisk} (the version numbers a scan found), and for {@link Specific} those
   * asked for that are not there (the caller reports them; they may appear on a later poll).
   */
  VersionSelection select(SortedSet<Long> onDisk);

  /** The {@code count} highest versions on disk ({@code latest { num_versions }}); {@code count >= 1}. */
  record Latest(int count) implements VersionPolicy {
    public Latest {
      if (count < 1) {
        throw new IllegalArgumentException("latest needs a count of at least 1, got " + count);
      }
    }

    @Override
    public VersionSelection select(SortedSet<Long> onDisk) {
      TreeSet<Long> served = new TreeSet<>();
      for (Long version : new TreeSet<>(onDisk).descendingSet()) {
        if (served.size() == count) {
          break;
        }
        served.add(version);
      }
      return new VersionSelection(served, Collections.emptySortedSet());
    }

    @Override
    public String toString() {
      return "latest " + count;
    }
  }

  /** Every version on disk ({@code all {}}). */
  record All() implements VersionPolicy {
    @Override
    public VersionSelection select(SortedSet<Long> onDisk) {
      return new VersionSelection(onDisk, Collections.emptySortedSet());
    }

    @Override
    public String toString() {
      return "all";
    }
  }

  /** Exactly these versions, those of them that exist ({@code specific { versions }}); not empty, none negative. */
  record Specific(SortedSet<Long> versions) implements VersionPolicy {
    public Specific {
      if (versions.isEmpty()) {
        throw new IllegalArgumentException("specific needs at least one version");
      }
      if (versions.first() < 0) {
        throw new IllegalArgumentException("versions are >= 0, got " + versions.first());
      }
      versions = Collections.unmodifiableSortedSet(new TreeSet<>(versions));
    }

    @Override
    public VersionSelection select(SortedSet<Long> onDisk) {
      TreeSet<Long> served = new TreeSet<>(versions);
      served.retainAll(onDisk);
      TreeSet<Long> missing = new TreeSet<>(versions);
      missing.removeAll(onDisk);
      return new VersionSelection(served, missing);
    }

    @Override
    public String toString() {
      return versions.stream().map(String::valueOf).collect(Collectors.joining(", ", "specific {", "}"));
    }
  }
}
