package org.modelrt.contract.io;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.modelrt.contract.Contract;
import org.modelrt.contract.ContractFormatException;
import org.modelrt.contract.Field;
import org.modelrt.contract.Signature;

/**
 * Builds model {@link Signature}s and the {@link Contract} from what a layout read, refusing what breaks a rule (no
 * signatures, a signature without a name or outputs, two signatures with one name) with the location. Stateless.
 */
final class ContractAssembly {
  private ContractAssembly() {}

  static Signature signature(Location at, String name, List<Field> inputs, List<Field> outputs)
      throws ContractFormatException {
    if (name.isEmpty()) {
      throw at.error("has no signature_name");
    }
    // The G3 manager refuses such a signature too; here it is also the sign of a misread file.
    if (outputs.isEmpty()) {
      throw at.error("has no outputs");
    }
    return new Signature(name, inputs, outputs);
  }

  static Contract contract(Location at, String modelName, List<Signature> signatures)
      throws ContractFormatException {
    if (signatures.isEmpty()) {
      throw at.error("no signatures");
    }
    Set<String> seen = new HashSet<>();
    for (Signature s : signatures) {
      if (!seen.add(s.name())) {
        throw at.error("two signatures are named '" + s.name() + "'");
      }
    }
    return new Contract(modelName, signatures);
  }
}
