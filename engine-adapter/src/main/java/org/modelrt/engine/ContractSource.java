package org.modelrt.engine;

import java.nio.file.Path;
import java.util.Optional;
import org.modelrt.contract.Contract;

/** Where a model's given contract comes from: its contract files, or in tests a contract built in code. */
@FunctionalInterface
interface ContractSource {

  /**
   * The contract given for the model in {@code modelDir}; empty when none is given.
   *
   * @throws ModelLoadException when a contract file is there but cannot be read
   */
  Optional<Contract> read(Path modelDir) throws ModelLoadException;
}
