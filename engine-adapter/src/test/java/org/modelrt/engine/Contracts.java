package org.modelrt.engine;

import java.util.List;
import org.modelrt.contract.Contract;
import org.modelrt.contract.DType;
import org.modelrt.contract.Field;
import org.modelrt.contract.Shape;
import org.modelrt.contract.Signature;

/** Contracts built in code for tests. */
final class Contracts {
  private Contracts() {}

  static Field f(String name, DType dtype, long... dims) {
    return Field.tensor(name, dtype, Shape.of(dims));
  }

  static Field floats(String name, long... dims) {
    return f(name, DType.FLOAT, dims);
  }

  static Signature signature(String name, List<Field> inputs, List<Field> outputs) {
    return new Signature(name, inputs, outputs);
  }

  static Contract contract(Signature... signatures) {
    return new Contract("test", List.of(signatures));
  }
}
