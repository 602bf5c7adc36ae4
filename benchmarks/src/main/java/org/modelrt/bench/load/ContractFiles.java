package org.modelrt.bench.load;

import java.nio.file.Files;
import java.nio.file.Path;
import org.modelrt.contract.Contract;
import org.modelrt.contract.ContractFormatException;
import org.modelrt.contract.io.ContractReader;

/** A model's contract for building a request: a contract file, or the one in a model directory. Stateless. */
final class ContractFiles {
  private ContractFiles() {}

  /** @throws IllegalArgumentException naming the path when there is no readable contract there */
  static Contract read(Path path) {
    try {
      if (Files.isDirectory(path)) {
        return ContractReader.readFromModelDir(path).orElseThrow(() -> new IllegalArgumentException(path
            + " holds none of " + ContractReader.MODEL_DIR_FILES));
      }
      return ContractReader.read(path);
    } catch (ContractFormatException e) {
      throw new IllegalArgumentException("--contract " + path + ": " + e.getMessage(), e);
    }
  }
}
