package org.modelrt.contract.io;

import java.util.List;
import org.modelrt.contract.Contract;
import org.modelrt.contract.ContractFormatException;
import org.modelrt.contract.Field;
import org.modelrt.contract.Shape;
import org.modelrt.contract.Signature;
import org.modelrt.wire.g3.ModelField;
import org.modelrt.wire.g3.ModelSignature;

/**
 * Layout L3 (protos 3.x): a bare hydrosphere.serving.contract.ModelSignature, the whole contract of a G3 model. The
 * contract gets an empty model name. A present, empty shape is a scalar; an absent one is any shape.
 */
final class L3Reader {
  private L3Reader() {}

  static Contract read(ModelSignature signature, Location at) throws ContractFormatException {
    Location sig = at.signature(0, signature.getSignatureName());
    Signature read = ContractAssembly.signature(sig, signature.getSignatureName(),
        FieldAssembly.fields(signature.getInputsList(), "input", sig, ModelField::getName, L3Reader::field),
        FieldAssembly.fields(signature.getOutputsList(), "output", sig, ModelField::getName, L3Reader::field));
    return ContractAssembly.contract(at, "", List.of(read));
  }

  private static Field field(ModelField f, Location at) throws ContractFormatException {
    Shape shape = f.hasShape() ? FieldAssembly.shape(f.getShape(), at) : Shape.unknownRank();
    return switch (f.getTypeOrSubfieldsCase()) {
      case DTYPE -> FieldAssembly.tensor(at, f.getName(), f.getDtypeValue(), shape);
      case SUBFIELDS -> FieldAssembly.map(at, f.getName(), shape, FieldAssembly.fields(
          f.getSubfields().getDataList(), "subfield", at, ModelField::getName, L3Reader::field));
      case TYPEORSUBFIELDS_NOT_SET -> throw at.error("dtype DT_INVALID: neither a dtype nor subfields");
    };
  }
}
