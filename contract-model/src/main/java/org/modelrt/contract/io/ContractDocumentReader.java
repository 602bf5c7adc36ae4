package org.modelrt.contract.io;

import org.modelrt.contract.Contract;
import org.modelrt.contract.ContractFormatException;
import org.modelrt.wire.contract.ModelContract;
import org.modelrt.wire.contract.document.ContractDocument;
import org.modelrt.wire.g3.ModelSignature;

/**
 * The hand-written contract (text format or JSON) as one of the forms {@link ContractDocument} accepts: a
 * ModelContract with {@code signatures} or 2.x's {@code predict}, or a bare G3 ModelSignature. Stateless.
 */
final class ContractDocumentReader {
  private ContractDocumentReader() {}

  static Contract read(ContractDocument doc, Location at) throws ContractFormatException {
    boolean contractKeys = !doc.getModelName().isEmpty() || doc.getSignaturesCount() > 0 || doc.hasPredict();
    boolean signatureKeys =
        !doc.getSignatureName().isEmpty() || doc.getInputsCount() > 0 || doc.getOutputsCount() > 0;
    if (contractKeys && signatureKeys) {
      throw at.error("mixes ModelContract keys (model_name, signatures, predict) with ModelSignature keys "
          + "(signature_name, inputs, outputs); write one or the other");
    }
    if (signatureKeys) {
      return L3Reader.read(ModelSignature.newBuilder().setSignatureName(doc.getSignatureName())
          .addAllInputs(doc.getInputsList()).addAllOutputs(doc.getOutputsList()).build(), at);
    }
    if (doc.hasPredict() && doc.getSignaturesCount() > 0) {
      throw at.error("has both signatures and predict; write one or the other");
    }
    ModelContract.Builder contract = ModelContract.newBuilder().setModelName(doc.getModelName())
        .addAllSignatures(doc.getSignaturesList());
    if (doc.hasPredict()) {
      contract.addSignatures(doc.getPredict());
    }
    return L2Reader.read(contract.build(), at);
  }
}
