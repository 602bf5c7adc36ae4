package org.modelrt.serving;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * One model by name: every version known to the registry (loading, serving, draining, ended) and its version labels.
 * Thread-safe: versions are added and removed by the registry's manager; calls read them without locks.
 */
final class ServedModel {
  private final String name;
  private final ConcurrentSkipListMap<Long, ServableVersion> versions = new ConcurrentSkipListMap<>();
  private volatile Map<String, Long> labels = Map.of();

  ServedModel(String name) {
    this.name = name;
  }

  String name() {
    return name;
  }

  NavigableMap<Long, ServableVersion> versions() {
    return versions;
  }

  Map<String, Long> labels() {
    return labels;
  }

  void labels(Map<String, Long> labels) {
    this.labels = Map.copyOf(labels);
  }

  /** The versions taking calls, highest first. */
  List<Long> available() {
    List<Long> available = new ArrayList<>();
    for (ServableVersion v : versions.descendingMap().values()) {
      if (v.state() == VersionState.AVAILABLE) {
        available.add(v.version());
      }
    }
    return available;
  }

  /** Whether at least one version takes calls. */
  boolean anyAvailable() {
    for (ServableVersion v : versions.values()) {
      if (v.state() == VersionState.AVAILABLE) {
        return true;
      }
    }
    return false;
  }

  /** A short account of the versions that are not taking calls, for an UNAVAILABLE message. */
  String whyNoneAvailable() {
    List<String> parts = new ArrayList<>();
    for (ServableVersion v : versions.descendingMap().values()) {
      String error = v.error();
      parts.add("version " + v.version() + (error.isEmpty() ? " is " + v.state() : " failed to load: " + error));
      if (parts.size() == 3) {
        break;
      }
    }
    return parts.isEmpty() ? "it has no version yet" : String.join("; ", parts);
  }
}
