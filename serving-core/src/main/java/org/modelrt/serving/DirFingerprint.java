package org.modelrt.serving;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

/**
 * What a version directory holds, cheaply: file count, total size and latest modification. A version that failed to
 * load is tried again only once this changes, so a half-written directory is retried as it grows, and a broken one
 * is not reloaded on every poll.
 */
record DirFingerprint(long files, long bytes, long lastModified) {
  private static final int MAX_DEPTH = 8;

  static DirFingerprint of(Path dir) {
    long[] acc = new long[3];
    try (Stream<Path> paths = Files.walk(dir, MAX_DEPTH)) { // does not follow links: no loops
      paths.forEach(p -> {
        try {
          BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
          acc[0]++;
          acc[1] += a.size();
          acc[2] = Math.max(acc[2], a.lastModifiedTime().toMillis());
        } catch (IOException e) {
          acc[0]--; // vanished or unreadable entry: counts as a change
        }
      });
    } catch (IOException | RuntimeException e) {
      return new DirFingerprint(-1, -1, -1);
    }
    return new DirFingerprint(acc[0], acc[1], acc[2]);
  }
}
