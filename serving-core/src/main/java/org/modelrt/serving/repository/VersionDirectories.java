package org.modelrt.serving.repository;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * Lists a model's base path for its version directories, TF Serving's layout: {@code base_path/<version>/}, the
 * version a number made of ASCII digits that fits a signed 64-bit integer. Everything else is ignored and reported
 * (files, other names, a temporary {@code 3.tmp} being copied in). Only the base path's own entries are looked at,
 * never deeper, so a symbolic link loop cannot trap the scan: a version directory may be a link to a directory, and a
 * link that loops or dangles is ignored like any entry that cannot be read. Stateless, thread-safe.
 */
public final class VersionDirectories {
  private VersionDirectories() {}

  /**
   * The version directories under {@code basePath} now.
   *
   * @throws VersionScanException when the base path does not exist, is not a directory or cannot be listed
   */
  public static VersionScan scan(Path basePath) throws VersionScanException {
    checkBase(basePath);
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> listing = Files.newDirectoryStream(basePath)) {
      listing.forEach(entries::add);
    } catch (IOException | DirectoryIteratorException e) {
      IOException cause = e instanceof DirectoryIteratorException d ? d.getCause() : (IOException) e;
      throw new VersionScanException("base path " + basePath + " cannot be listed: " + Messages.reason(cause));
    }
    // Shortest name first, then by name: of "7" and "007" the canonical spelling is seen first and wins.
    entries.sort(Comparator.comparing((Path p) -> p.getFileName().toString().length())
        .thenComparing(p -> p.getFileName().toString()));
    TreeMap<Long, Path> versions = new TreeMap<>();
    List<VersionScan.Ignored> ignored = new ArrayList<>();
    for (Path entry : entries) {
      String name = entry.getFileName().toString();
      String why = whyNotAVersion(entry, name, versions);
      if (why == null) {
        versions.put(Long.parseLong(name), entry);
      } else {
        ignored.add(new VersionScan.Ignored(name, why));
      }
    }
    ignored.sort(Comparator.comparing(VersionScan.Ignored::name));
    return new VersionScan(basePath, versions, ignored);
  }

  private static void checkBase(Path basePath) throws VersionScanException {
    String expected = "; expected a directory holding numbered version directories";
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(basePath, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new VersionScanException("base path " + basePath + " does not exist" + expected);
    } catch (IOException e) {
      throw new VersionScanException("base path " + basePath + " cannot be read: " + Messages.reason(e));
    }
    if (!attributes.isDirectory()) {
      throw new VersionScanException("base path " + basePath + " is not a directory" + expected);
    }
  }

  /** Null when the entry is a version directory not seen before, else the reason it is ignored. */
  private static String whyNotAVersion(Path entry, String name, TreeMap<Long, Path> versions) {
    if (name.isEmpty() || !name.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return "not a version number (version directories are named by digits only)";
    }
    long version;
    try {
      version = Long.parseLong(name);
    } catch (NumberFormatException e) {
      return "version number too large (at most " + Long.MAX_VALUE + ")";
    }
    if (versions.containsKey(version)) {
      return "the same version number as " + versions.get(version).getFileName();
    }
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(entry, BasicFileAttributes.class); // follows a link, once
    } catch (IOException e) {
      return "cannot be read: " + Messages.reason(e);
    }
    if (!attributes.isDirectory()) {
      return "not a directory";
    }
    if (!Files.isReadable(entry) || !Files.isExecutable(entry)) {
      return "cannot be read: permission denied";
    }
    return null;
  }
}
