package org.modelrt.contract.io;

import java.util.ArrayList;
import java.util.List;
import org.modelrt.contract.Contract;
import org.modelrt.contract.ContractFormatException;
import org.modelrt.contract.Field;
import org.modelrt.contract.Shape;
import org.modelrt.contract.Signature;
import org.modelrt.wire.contract.legacy.L1ModelContract;
import org.modelrt.wire.contract.legacy.L1ModelField;
import org.modelrt.wire.contract.legacy.L1ModelSignature;
import org.modelrt.wire.contract.legacy.L1TensorInfo;

/**
 * Layout L1 (protos 0.0.5-0.0.15): ModelField{field_name, oneof {subfields, TensorInfo info}}. A tensor's dtype and
 * shape sit in its TensorInfo; a map field's subfields are read by {@link L1Subfields} and it has no shape of its own.
 */
final class L1Reader {
  private L1Reader() {}

  static Contract read(L1ModelContract contract, Location at) throws ContractFormatException {
    List<Signature> signatures = new ArrayList<>();
    for (int i = 0; i < contract.getSignaturesCount(); i++) {
      L1ModelSignature s = contract.getSignatures(i);
      Location sig = at.signature(i, s.getSignatureName());
      signatures.add(ContractAssembly.signature(sig, s.getSignatureName(),
          FieldAssembly.fields(s.getInputsList(), "input", sig, L1ModelField::getFieldName, L1Reader::field),
          FieldAssembly.fields(s.getOutputsList(), "output", sig, L1ModelField::getFieldName, L1Reader::field)));
    }
    return ContractAssembly.contract(at, contract.getModelName(), signatures);
  }

  private static Field field(L1ModelField f, Location at) throws ContractFormatException {
    return field(f, f.getFieldName(), at, 0);
  }

  /** A field under a given name (its own, or its key in a Dict), at {@code depth} levels of subfields. */
  static Field field(L1ModelField f, String name, Location at, int depth) throws ContractFormatException {
    return switch (f.getInfoOrSubfieldsCase()) {
      case INFO -> {
        L1TensorInfo info = f.getInfo();
        Shape shape = info.hasTensorShape() ? FieldAssembly.shape(info.getTensorShape(), at) : Shape.unknownRank();
        yield FieldAssembly.tfTensor(at, name, info.getDtypeValue(), shape);
      }
      case SUBFIELDS ->
          FieldAssembly.map(at, name, Shape.unknownRank(), L1Subfields.read(f.getSubfields(), at, depth + 1));
      case INFOORSUBFIELDS_NOT_SET -> throw at.error("dtype DT_INVALID: neither a TensorInfo nor subfields");
    };
  }
}
