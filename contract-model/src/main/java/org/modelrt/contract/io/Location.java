package org.modelrt.contract.io;

import org.modelrt.contract.ContractFormatException;

/**
 * Where in a contract a problem is, for messages like
 * {@code contract.protobin: signature 'add', input 'a': dtype DT_INVALID}.
 *
 * @param source the file (or the name the caller gave the bytes)
 * @param path the steps inside it, comma-separated; empty at the top
 */
record Location(String source, String path) {

  static Location of(String source) {
    return new Location(source, "");
  }

  /** A signature, by name, or by its 1-based position when it has none. */
  Location signature(int index, String name) {
    return child(name.isEmpty() ? "signature #" + (index + 1) : "signature '" + name + "'");
  }

  /** An input, output or subfield, by name, or by its 1-based position when it has none. */
  Location field(String kind, int index, String name) {
    return child(name.isEmpty() ? kind + " #" + (index + 1) : kind + " '" + name + "'");
  }

  Location child(String step) {
    return new Location(source, path.isEmpty() ? step : path + ", " + step);
  }

  /** A rule the contract breaks at this location. */
  ContractFormatException error(String what) {
    return new ContractFormatException(source + ": " + (path.isEmpty() ? "" : path + ": ") + what);
  }

  /** Bytes that are no contract of any known layout. */
  ContractFormatException notAContract(String reason) {
    return new ContractFormatException(source + ": is not a Hydrosphere contract (" + reason + ")");
  }
}
