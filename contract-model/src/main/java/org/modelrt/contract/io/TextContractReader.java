package org.modelrt.contract.io;

import com.google.protobuf.TextFormat;
import org.modelrt.contract.Contract;
import org.modelrt.contract.ContractFormatException;
import org.modelrt.wire.contract.document.ContractDocument;

/**
 * contract.prototxt: protobuf text format, as the Hydrosphere manager accepted it. A field given twice is refused
 * rather than silently overwritten. Stateless.
 */
final class TextContractReader {
  private static final TextFormat.Parser PARSER = TextFormat.Parser.newBuilder()
      .setSingularOverwritePolicy(TextFormat.Parser.SingularOverwritePolicy.FORBID_SINGULAR_OVERWRITES)
      .build();

  private TextContractReader() {}

  static Contract read(String text, Location at) throws ContractFormatException {
    ContractDocument.Builder doc = ContractDocument.newBuilder();
    try {
      PARSER.merge(text, doc);
    } catch (TextFormat.ParseException e) {
      throw at.error("not a contract in protobuf text format: line " + e.getLine() + ", column " + e.getColumn()
          + ": " + withoutPosition(e));
    }
    return ContractDocumentReader.read(doc.build(), at);
  }

  /** The parser's message starts with "line:column: "; the position is already said. */
  private static String withoutPosition(TextFormat.ParseException e) {
    String prefix = e.getLine() + ":" + e.getColumn() + ": ";
    String message = e.getMessage();
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }
}
