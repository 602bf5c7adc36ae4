package org.modelrt.contract.io;

import java.util.List;
import java.util.Locale;

/** How a contract file is written, told by its extension. */
enum ContractFileFormat {
  BINARY(List.of(".protobin", ".pb")),
  TEXT(List.of(".prototxt", ".pbtxt")),
  JSON(List.of(".json"));

  private final List<String> extensions;

  ContractFileFormat(List<String> extensions) {
    this.extensions = extensions;
  }

  /** The format of a file name, or {@code null} when no extension matches. */
  static ContractFileFormat of(String fileName) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    for (ContractFileFormat format : values()) {
      for (String extension : format.extensions) {
        if (lower.endsWith(extension)) {
          return format;
        }
      }
    }
    return null;
  }

  static String allExtensions() {
    return "protobin, pb (binary), prototxt, pbtxt (text format), json";
  }
}
