package org.modelrt.serving.example;

import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.modelrt.contract.InvalidRequestException;
import org.modelrt.engine.InferenceException;

/**
 * The caller's examples are checked by the model itself (its ParseExample op), so a feature missing, of the wrong
 * type or of the wrong length fails in the engine. TensorFlow reports that as INVALID_ARGUMENT and TF Serving
 * passes it on; the engine call here only gives a message, so the parser's own wording is recognised and turned
 * into the caller's error. Every other engine failure stays ours. Stateless.
 */
final class ExampleFailures {
  /** TensorFlow's example parsing errors (example_proto_fast_parsing.cc): they name a feature key or the input. */
  private static final Pattern PARSE_ERROR = Pattern.compile(
      "Feature: .+ is required|Key: .+(Data types don't match|Number of .*values|Can't parse)"
          + "|Could not parse example input|Name: .+, Key: ", Pattern.DOTALL);

  private ExampleFailures() {}

  static <T> T asCallerErrors(Supplier<T> call) {
    try {
      return call.get();
    } catch (InferenceException e) {
      String message = rootMessage(e);
      if (PARSE_ERROR.matcher(message).find()) {
        throw new InvalidRequestException("the model could not parse the examples: " + firstLine(message));
      }
      throw e;
    }
  }

  private static String rootMessage(Throwable e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && !message.contains(cause.getMessage())) {
        message += ": " + cause.getMessage();
      }
    }
    return message;
  }

  private static String firstLine(String message) {
    int end = message.indexOf('\n');
    return (end < 0 ? message : message.substring(0, end)).strip();
  }
}
