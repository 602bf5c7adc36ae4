package org.modelrt.serving.repository;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a {@link VersionPolicy} picked from the versions on disk.
 *
 * @param served the versions to load and serve, ascending; empty when none on disk fits the policy
 * @param missing versions a {@code specific} policy asks for that are not on disk, ascending; always empty for the
 *     other policies
 */
public record VersionSelection(SortedSet<Long> served, SortedSet<Long> missing) {
  public VersionSelection {
    served = Collections.unmodifiableSortedSet(new TreeSet<>(served));
    missing = Collections.unmodifiableSortedSet(new TreeSet<>(missing));
  }
}
