package org.modelrt.serving.repository;

import java.net.URI;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A configured base path as an absolute local path. Relative paths resolve against the working directory, as TF
 * Serving's do; {@code file://} URIs are local paths; other schemes ({@code gs://}, {@code s3://}, {@code hdfs://})
 * are refused, since only the local file system is polled. Stateless.
 */
final class BasePaths {
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*", Pattern.DOTALL);

  private BasePaths() {}

  /** @param what names the setting for the message, e.g. "models.config:3:5: model "a": base_path" */
  static Path resolve(String raw, String what) throws ModelConfigException {
    if (raw.isEmpty()) {
      throw new ModelConfigException(what + " is empty; expected the directory that holds the numbered version "
          + "directories");
    }
    try {
      Path path;
      if (SCHEME.matcher(raw).matches()) {
        if (!raw.regionMatches(true, 0, "file://", 0, 7)) {
          throw new ModelConfigException(what + " " + Messages.quote(raw)
              + " is not on the local file system; expected a local directory");
        }
        path = Path.of(URI.create(raw));
      } else {
        path = Path.of(raw);
      }
      return path.toAbsolutePath().normalize();
    } catch (IllegalArgumentException e) { // InvalidPathException, or a file: URI with a host or query
      throw new ModelConfigException(what + " " + Messages.quote(raw) + " is not a valid path; expected a local "
          + "directory");
    }
  }
}
