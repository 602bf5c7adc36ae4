package org.modelrt.serving.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class VersionPolicyTest {
  private static final SortedSet<Long> ON_DISK = versions(1, 2, 5, 10);

  @Test
  void latestServesTheHighestVersions() {
    assertEquals(new VersionSelection(versions(10), versions()), VersionPolicy.DEFAULT.select(ON_DISK));
    assertEquals(new VersionSelection(versions(5, 10), versions()), new VersionPolicy.Latest(2).select(ON_DISK));
  }

  @Test
  void latestAskingForMoreThanThereAreServesAll() {
    assertEquals(ON_DISK, new VersionPolicy.Latest(Integer.MAX_VALUE).select(ON_DISK).served());
  }

  @Test
  void allServesEveryVersion() {
    assertEquals(new VersionSelection(ON_DISK, versions()), new VersionPolicy.All().select(ON_DISK));
  }

  @Test
  void specificServesThoseThatExistAndReportsTheRest() {
    VersionSelection selection = new VersionPolicy.Specific(versions(2, 3, 10, 11)).select(ON_DISK);

    assertEquals(versions(2, 10), selection.served());
    assertEquals(versions(3, 11), selection.missing());
  }

  @Test
  void nothingOnDiskServesNothing() {
    for (VersionPolicy policy : List.of(VersionPolicy.DEFAULT, new VersionPolicy.All(),
        new VersionPolicy.Specific(versions(1)))) {
      assertEquals(Set.of(), policy.select(versions()).served(), policy.toString());
    }
  }

  @Test
  void policiesSayWhatTheyAreInTheConfigsWords() {
    assertEquals("latest 1", VersionPolicy.DEFAULT.toString());
    assertEquals("all", new VersionPolicy.All().toString());
    assertEquals("specific {1, 2}", new VersionPolicy.Specific(versions(2, 1)).toString());
  }

  @Test
  void impossiblePoliciesCannotBeBuilt() {
    assertThrows(IllegalArgumentException.class, () -> new VersionPolicy.Latest(0));
    assertThrows(IllegalArgumentException.class, () -> new VersionPolicy.Specific(versions()));
    assertThrows(IllegalArgumentException.class, () -> new VersionPolicy.Specific(versions(-1, 2)));
  }

  @Test
  void aSpecificPolicyDoesNotShareItsCallersSet() {
    TreeSet<Long> given = versions(1);
    VersionPolicy.Specific policy = new VersionPolicy.Specific(given);
    given.add(2L);

    assertEquals(versions(1), policy.versions());
    assertThrows(UnsupportedOperationException.class, () -> policy.versions().add(3L));
  }

  private static TreeSet<Long> versions(long... numbers) {
    TreeSet<Long> set = new TreeSet<>();
    for (long n : numbers) {
      set.add(n);
    }
    return set;
  }
}
