package org.modelrt.serving;

import java.util.OptionalLong;

/**
 * Which model (and version) a call asks for, as TF Serving's {@code ModelSpec} says it: a name, and at most one of a
 * version number or a version label. Neither means the latest available version.
 *
 * @param name the model's name; in Hydrosphere mode any name (or none) means the one model served
 * @param version a version number, if the caller named one
 * @param label a version label ({@code "stable"}), or {@code ""} for none
 */
public record ModelRef(String name, OptionalLong version, String label) {
  public ModelRef {
    name = name == null ? "" : name;
    label = label == null ? "" : label;
  }

  /** The latest available version of {@code name}. */
  public static ModelRef latest(String name) {
    return new ModelRef(name, OptionalLong.empty(), "");
  }

  /** How TF Serving prints a servable request in its errors: {@code Latest(m)}, {@code Specific(m, 3)}. */
  @Override
  public String toString() {
    if (version.isPresent()) {
      return "Specific(" + name + ", " + version.getAsLong() + ")";
    }
    return label.isEmpty() ? "Latest(" + name + ")" : "Labeled(" + name + ", " + label + ")";
  }
}
