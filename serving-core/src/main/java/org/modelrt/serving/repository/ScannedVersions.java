package org.modelrt.serving.repository;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.modelrt.serving.ModelEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A configured model's versions as the version manager polls them: the base path scanned, the version policy
 * applied. Names that are not versions are logged once each (INFO), not on every poll. Thread-safe.
 */
final class ScannedVersions implements ModelEntry.VersionSource {
  private static final Logger log = LoggerFactory.getLogger(ScannedVersions.class);

  private final ConfiguredModel model;
  private final Set<String> reported = ConcurrentHashMap.newKeySet();

  ScannedVersions(ConfiguredModel model) {
    this.model = model;
  }

  @Override
  public SortedMap<Long, Path> aspired() throws IOException {
    VersionScan scan;
    try {
      scan = VersionDirectories.scan(model.basePath());
    } catch (VersionScanException e) {
      throw new IOException(e.getMessage(), e);
    }
    for (VersionScan.Ignored ignored : scan.ignored()) {
      if (reported.add(ignored.name())) {
        log.info("Model '{}': ignoring {} in {} ({})", model.name(), Messages.quote(ignored.name()),
            model.basePath(), ignored.reason());
      }
    }
    SortedMap<Long, Path> aspired = new TreeMap<>();
    for (Long version : model.versionPolicy().select(scan.versionNumbers()).served()) {
      aspired.put(version, scan.versions().get(version));
    }
    return aspired;
  }
}
