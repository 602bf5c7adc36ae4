package org.modelrt.contract.io;

import java.util.ArrayList;
import java.util.List;
import org.modelrt.contract.Contract;
import org.modelrt.contract.ContractFormatException;
import org.modelrt.contract.Field;
import org.modelrt.contract.Shape;
import org.modelrt.contract.Signature;
import org.modelrt.wire.contract.legacy.L0ModelContract;
import org.modelrt.wire.contract.legacy.L0ModelField;
import org.modelrt.wire.contract.legacy.L0ModelSignature;

/** Layout L0 (Nov 2017): ModelField{field_name, type, shape}; tensors only, an absent shape is any shape. */
final class L0Reader {
  private L0Reader() {}

  static Contract read(L0ModelContract contract, Location at) throws ContractFormatException {
    List<Signature> signatures = new ArrayList<>();
    for (int i = 0; i < contract.getSignaturesCount(); i++) {
      L0ModelSignature s = contract.getSignatures(i);
      Location sig = at.signature(i, s.getSignatureName());
      signatures.add(ContractAssembly.signature(sig, s.getSignatureName(),
          FieldAssembly.fields(s.getInputsList(), "input", sig, L0ModelField::getFieldName, L0Reader::field),
          FieldAssembly.fields(s.getOutputsList(), "output", sig, L0ModelField::getFieldName, L0Reader::field)));
    }
    return ContractAssembly.contract(at, contract.getModelName(), signatures);
  }

  private static Field field(L0ModelField f, Location at) throws ContractFormatException {
    Shape shape = f.hasShape() ? FieldAssembly.shape(f.getShape(), at) : Shape.unknownRank();
    return FieldAssembly.tfTensor(at, f.getFieldName(), f.getTypeValue(), shape);
  }
}
