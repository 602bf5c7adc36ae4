package org.modelrt.serving;

import java.util.ArrayList;
import java.util.List;
import org.modelrt.contract.Contract;
import org.modelrt.contract.Field;
import org.modelrt.contract.Shape;
import org.modelrt.contract.Signature;

/**
 * TF Serving's validation: a request's input names and dtypes are checked, its shapes are the engine's business
 * (TF Serving leaves them to TensorFlow, and its quickstart feeds a [3] tensor to a [-1,1] placeholder). The contract
 * requests are validated against is the model's with every input of unknown rank, made once per loaded version.
 */
final class ShapesLeftToEngine {
  private ShapesLeftToEngine() {}

  static Contract of(Contract contract) {
    List<Signature> relaxed = new ArrayList<>();
    for (Signature s : contract.signatures()) {
      List<Field> inputs = new ArrayList<>();
      for (Field f : s.inputs()) {
        inputs.add(f.isMap() ? f : Field.tensor(f.name(), f.dtype(), Shape.unknownRank()));
      }
      relaxed.add(new Signature(s.name(), inputs, s.outputs(), s.methodName()));
    }
    return new Contract(contract.modelName(), relaxed);
  }
}
