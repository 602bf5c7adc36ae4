package org.modelrt.serving.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelrt.serving.repository.VersionScan.Ignored;

class VersionDirectoriesTest {
  @TempDir Path base;

  @Test
  void numberedDirectoriesAreVersionsAndEverythingElseIsReported() throws Exception {
    for (String name : List.of("1", "2", "10", "3.tmp", ".4", "latest", "-5", "+6", "٧")) {
      Files.createDirectory(base.resolve(name));
    }
    Files.writeString(base.resolve("11"), "a file, not a version");
    Files.writeString(base.resolve("README"), "hi");

    VersionScan scan = VersionDirectories.scan(base);

    assertEquals(new TreeSet<>(Set.of(1L, 2L, 10L)), scan.versionNumbers());
    assertEquals(base.resolve("10"), scan.versions().get(10L));
    String notANumber = "not a version number (version directories are named by digits only)";
    assertEquals(List.of(
        new Ignored("+6", notANumber),
        new Ignored("-5", notANumber),
        new Ignored(".4", notANumber),
        new Ignored("11", "not a directory"),
        new Ignored("3.tmp", notANumber),
        new Ignored("README", notANumber),
        new Ignored("latest", notANumber),
        new Ignored("٧", notANumber)), scan.ignored());
  }

  @Test
  void anEmptyBasePathHasNoVersions() throws Exception {
    VersionScan scan = VersionDirectories.scan(base);

    assertEquals(Set.of(), scan.versionNumbers());
    assertEquals(List.of(), scan.ignored());
  }

  @Test
  void aNumberPastSignedLongIsIgnored() throws Exception {
    Files.createDirectory(base.resolve("9223372036854775807"));
    Files.createDirectory(base.resolve("9223372036854775808"));

    VersionScan scan = VersionDirectories.scan(base);

    assertEquals(Set.of(Long.MAX_VALUE), scan.versionNumbers());
    assertEquals(List.of(new Ignored("9223372036854775808", "version number too large (at most 9223372036854775807)")),
        scan.ignored());
  }

  @Test
  void leadingZerosNameTheSameVersionAndTheCanonicalSpellingWins() throws Exception {
    Files.createDirectory(base.resolve("007"));
    Files.createDirectory(base.resolve("7"));
    Files.createDirectory(base.resolve("08"));

    VersionScan scan = VersionDirectories.scan(base);

    assertEquals(Map.of(7L, base.resolve("7"), 8L, base.resolve("08")), scan.versions());
    assertEquals(List.of(new Ignored("007", "the same version number as 7")), scan.ignored());
  }

  @Test
  void aLinkToADirectoryIsAVersionAndLoopsOrDanglingLinksAreIgnored() throws Exception {
    Path elsewhere = Files.createDirectory(base.resolveSibling(base.getFileName() + "-store"));
    try {
      Files.createSymbolicLink(base.resolve("3"), elsewhere);
      Files.createSymbolicLink(base.resolve("4"), base.resolve("4")); // a link to itself
      Files.createSymbolicLink(base.resolve("5"), base.resolve("6"));
      Files.createSymbolicLink(base.resolve("6"), base.resolve("5"));
      Files.createSymbolicLink(base.resolve("9"), base.resolve("gone"));
      Files.createSymbolicLink(base.resolve("12"), base); // back up: listed once, never descended into

      VersionScan scan = VersionDirectories.scan(base);

      assertEquals(new TreeSet<>(Set.of(3L, 12L)), scan.versionNumbers());
      assertEquals(List.of("4", "5", "6", "9"), scan.ignored().stream().map(Ignored::name).toList());
      scan.ignored().forEach(i -> assertEquals(true, i.reason().startsWith("cannot be read: "), i.reason()));
      assertEquals("cannot be read: no such file or directory",
          scan.ignored().stream().filter(i -> i.name().equals("9")).findFirst().orElseThrow().reason());
    } finally {
      Files.delete(elsewhere);
    }
  }

  @Test
  void anUnreadableVersionDirectoryIsSkippedNotFatal() throws Exception {
    assumeTrue(!"root".equals(System.getProperty("user.name")), "root reads every directory");
    Files.createDirectory(base.resolve("1"));
    Path locked = Files.createDirectory(base.resolve("2"));
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    try {
      VersionScan scan = VersionDirectories.scan(base);

      assertEquals(Set.of(1L), scan.versionNumbers());
      assertEquals(List.of(new Ignored("2", "cannot be read: permission denied")), scan.ignored());
    } finally {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void aMissingBasePathIsNamed() {
    Path missing = base.resolve("tf_linear");

    VersionScanException e = assertThrows(VersionScanException.class, () -> VersionDirectories.scan(missing));

    assertEquals("base path " + missing + " does not exist; expected a directory holding numbered version directories",
        e.getMessage());
  }

  @Test
  void aBasePathThatIsAFileIsNamed() throws Exception {
    Path file = Files.writeString(base.resolve("model.onnx"), "not a directory");

    VersionScanException e = assertThrows(VersionScanException.class, () -> VersionDirectories.scan(file));

    assertEquals("base path " + file + " is not a directory; expected a directory holding numbered version "
        + "directories", e.getMessage());
  }

  @Test
  void aBasePathThatIsALinkLoopIsAnErrorNotAHang() throws Exception {
    Path loop = base.resolve("loop");
    Files.createSymbolicLink(loop, loop);

    VersionScanException e = assertThrows(VersionScanException.class, () -> VersionDirectories.scan(loop));

    assertEquals(true, e.getMessage().startsWith("base path " + loop + " cannot be read: "), e.getMessage());
    TextProtoFilesTest.assertOneLineWithoutJavaNames(e.getMessage());
  }

  @Test
  void anUnlistableBasePathIsNamed() throws Exception {
    assumeTrue(!"root".equals(System.getProperty("user.name")), "root lists every directory");
    Path locked = Files.createDirectory(base.resolve("locked"));
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("-wx------"));
    try {
      VersionScanException e = assertThrows(VersionScanException.class, () -> VersionDirectories.scan(locked));

      assertEquals("base path " + locked + " cannot be listed: permission denied", e.getMessage());
    } finally {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void aScanFeedsThePolicy() throws Exception {
    for (String name : List.of("1", "2", "3")) {
      Files.createDirectory(base.resolve(name));
    }
    VersionPolicy policy = new VersionPolicy.Specific(new TreeSet<>(Set.of(2L, 4L)));
    ConfiguredModel model = new ConfiguredModel("m", base, "", policy, new java.util.TreeMap<>());

    VersionSelection selection = policy.select(VersionDirectories.scan(model.basePath()).versionNumbers());

    assertEquals(Set.of(2L), selection.served());
    assertEquals(Set.of(4L), selection.missing());
  }
}
