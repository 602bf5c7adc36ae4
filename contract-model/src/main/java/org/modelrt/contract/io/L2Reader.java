package org.modelrt.contract.io;

import java.util.ArrayList;
import java.util.List;
import org.modelrt.contract.Contract;
import org.modelrt.contract.ContractFormatException;
import org.modelrt.contract.Field;
import org.modelrt.contract.Shape;
import org.modelrt.contract.Signature;
import org.modelrt.wire.contract.ModelContract;
import org.modelrt.wire.contract.ModelField;
import org.modelrt.wire.contract.ModelSignature;

/**
 * Layouts L2 and L2' (protos 0.1.x-2.x): hydrosphere.contract.ModelContract, field 2 read as repeated (G1 files
 * carry every SavedModel signature; a 2.x file carries its single {@code predict}). Also the reader of the
 * hand-written text and JSON forms of the same schema.
 */
final class L2Reader {
  private L2Reader() {}

  static Contract read(ModelContract contract, Location at) throws ContractFormatException {
    List<Signature> signatures = new ArrayList<>();
    for (int i = 0; i < contract.getSignaturesCount(); i++) {
      ModelSignature s = contract.getSignatures(i);
      Location sig = at.signature(i, s.getSignatureName());
      signatures.add(ContractAssembly.signature(sig, s.getSignatureName(),
          FieldAssembly.fields(s.getInputsList(), "input", sig, ModelField::getName, L2Reader::field),
          FieldAssembly.fields(s.getOutputsList(), "output", sig, ModelField::getName, L2Reader::field)));
    }
    return ContractAssembly.contract(at, contract.getModelName(), signatures);
  }

  private static Field field(ModelField f, Location at) throws ContractFormatException {
    Shape shape = f.hasShape() ? FieldAssembly.shape(f.getShape(), at) : Shape.unknownRank();
    return switch (f.getTypeOrSubfieldsCase()) {
      case DTYPE -> FieldAssembly.tfTensor(at, f.getName(), f.getDtypeValue(), shape);
      case SUBFIELDS -> FieldAssembly.map(at, f.getName(), shape, FieldAssembly.fields(
          f.getSubfields().getDataList(), "subfield", at, ModelField::getName, L2Reader::field));
      case TYPEORSUBFIELDS_NOT_SET -> throw at.error("dtype DT_INVALID: neither a dtype nor subfields");
    };
  }
}
