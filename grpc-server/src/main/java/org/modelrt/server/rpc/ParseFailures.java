package org.modelrt.server.rpc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.util.Locale;

/**
 * The status for request bytes that did not parse, in protocol terms: what is wrong with the encoding, never the
 * protobuf library's own advice (its class and method names). A size limit hit while reading (a compressed message
 * over {@code --max-message-bytes} once decompressed) is RESOURCE_EXHAUSTED; everything else is the caller's
 * malformed message, INVALID_ARGUMENT. Stateless.
 */
final class ParseFailures {
  private ParseFailures() {}

  /**
   * @param failure what parsing threw
   * @param messageName the request's full protobuf name, e.g. {@code tensorflow.serving.PredictRequest}
   * @param maxMessageBytes the server's inbound message limit
   */
  static Status toStatus(Throwable failure, String messageName, int maxMessageBytes) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      Status status = t instanceof StatusRuntimeException sre ? sre.getStatus()
          : t instanceof StatusException se ? se.getStatus() : null;
      if (status != null && status.getCode() == Status.Code.RESOURCE_EXHAUSTED) {
        return Status.RESOURCE_EXHAUSTED.withDescription("the request is larger than the server's limit of "
            + maxMessageBytes + " bytes once decompressed; send a smaller " + messageName);
      }
    }
    return Status.INVALID_ARGUMENT.withDescription(
        "the request is not a valid " + messageName + ": " + whatIsWrong(failure));
  }

  /** The encoding fault, from the exception protobuf raised (its messages are stable; its advice is not ours). */
  private static String whatIsWrong(Throwable failure) {
    InvalidProtocolBufferException parse = null;
    for (Throwable t = failure; t != null && parse == null; t = t.getCause()) {
      if (t instanceof InvalidProtocolBufferException ipbe) {
        parse = ipbe;
      }
    }
    if (parse == null) {
      return "its bytes are not a protobuf encoding of it";
    }
    if (parse instanceof InvalidProtocolBufferException.InvalidWireTypeException) {
      return "a field tag has an invalid wire type (6 or 7; wire types are 0 to 5)";
    }
    String text = String.valueOf(parse.getMessage()).toLowerCase(Locale.ROOT);
    if (text.contains("ended unexpectedly")) {
      return "the bytes end in the middle of a field (truncated, or a length prefix claims more bytes than follow)";
    }
    if (text.contains("negative size")) {
      return "a length-delimited field claims a negative length";
    }
    if (text.contains("malformed varint")) {
      return "a varint runs past 10 bytes";
    }
    if (text.contains("invalid tag")) {
      return "a field tag is 0 (field numbers start at 1)";
    }
    if (text.contains("end-group tag")) {
      return "an end-group tag does not match its start-group tag";
    }
    if (text.contains("invalid wire type")) {
      return "a field tag has an invalid wire type (6 or 7; wire types are 0 to 5)";
    }
    if (text.contains("levels of nesting")) {
      return "messages are nested more than 100 levels deep";
    }
    if (text.contains("too large")) {
      // protobuf's own limit is 2 GiB, above any message gRPC delivers: only a lying length prefix reaches it.
      return "a length prefix claims more bytes than the message holds";
    }
    if (text.contains("utf-8")) {
      return "a string field holds bytes that are not valid UTF-8";
    }
    return "its bytes are not a protobuf encoding of it";
  }
}
