package org.modelrt.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The repository's committed test models ({@code test-models/<name>/}), found from the module directory. */
final class TestModelDirs {
  private TestModelDirs() {}

  static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("test-models"))) {
        return dir.resolve("test-models");
      }
    }
    throw new IllegalStateException("no test-models/ above " + Path.of("").toAbsolutePath());
  }

  static Path dir(String name) {
    return root().resolve(name);
  }

  /** Every fixture: the directories holding an expected.json. */
  static List<String> names() {
    try (Stream<Path> dirs = Files.list(root())) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve("expected.json")))
          .map(d -> d.getFileName().toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies a fixture's files into {@code target} (plain layout: the model files directly in it). */
  static Path copyFiles(String name, Path target) throws IOException {
    Path source = dir(name).resolve("files");
    try (Stream<Path> all = Files.walk(source)) {
      for (Path path : all.toList()) {
        Path copy = target.resolve(source.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(path, copy);
        }
      }
    }
    return target;
  }
}
