package org.modelrt.contract.io;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import org.modelrt.contract.Contract;
import org.modelrt.contract.ContractFormatException;
import org.modelrt.wire.contract.document.ContractDocument;

/**
 * contract.json: the protobuf JSON mapping of the same schema as the text form (lowerCamelCase or proto field names,
 * enum names or numbers). Unknown keys are refused, so a typo is not a silent omission. Stateless.
 */
final class JsonContractReader {
  private static final JsonFormat.Parser PARSER = JsonFormat.parser();

  private JsonContractReader() {}

  static Contract read(String json, Location at) throws ContractFormatException {
    ContractDocument.Builder doc = ContractDocument.newBuilder();
    try {
      PARSER.merge(json, doc);
    } catch (InvalidProtocolBufferException e) {
      throw at.error("not a contract in JSON: " + e.getMessage());
    }
    return ContractDocumentReader.read(doc.build(), at);
  }
}
