package org.modelrt.contract.io;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import org.modelrt.contract.Contract;
import org.modelrt.contract.ContractFormatException;
import org.modelrt.wire.contract.ModelContract;
import org.modelrt.wire.contract.legacy.L0ModelContract;
import org.modelrt.wire.contract.legacy.L1ModelContract;
import org.modelrt.wire.g3.ModelSignature;

/**
 * A binary contract.protobin of any layout: the layout is told from the raw bytes ({@link LayoutDetector}), the bytes
 * are parsed with that layout's generated messages, anything the layout does not have is refused
 * ({@link UnknownFieldCheck}), and the layout's reader builds the model. Stateless.
 */
final class BinaryContractReader {
  private BinaryContractReader() {}

  static Contract read(byte[] bytes, Location at) throws ContractFormatException {
    if (bytes.length == 0) {
      throw at.notAContract("the file is empty");
    }
    WireLayout layout = LayoutDetector.detect(bytes, at);
    return switch (layout) {
      case L0 -> L0Reader.read(parse(L0ModelContract.parser(), bytes, layout, at), at);
      case L1 -> L1Reader.read(parse(L1ModelContract.parser(), bytes, layout, at), at);
      case L2 -> L2Reader.read(parse(ModelContract.parser(), bytes, layout, at), at);
      case L3 -> L3Reader.read(parse(ModelSignature.parser(), bytes, layout, at), at);
    };
  }

  private static <T extends Message> T parse(Parser<T> parser, byte[] bytes, WireLayout layout, Location at)
      throws ContractFormatException {
    T message;
    try {
      message = parser.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw at.notAContract("read as " + layout + ": " + e.getMessage());
    }
    UnknownFieldCheck.require(message, layout, at);
    return message;
  }
}
