package org.modelrt.serving;

import java.util.regex.Pattern;

/**
 * An engine's error message as one line a client can read: the engine's reason, without TorchScript's traceback,
 * TensorFlow's node context, Java class names or the root cause repeated in parentheses. Engines put their reason in
 * different places (TorchScript on the line after its traceback, ONNX Runtime on the lines after its first), so every
 * line outside a traceback is kept, joined by spaces. Only for failure paths. Stateless and thread-safe.
 */
final class EngineMessages {
  /** TorchScript's first line; says nothing the reason below the traceback does not. */
  private static final String TORCHSCRIPT_HEADER = "The following operation failed in the TorchScript interpreter.";
  /** TensorFlow's node context: {@code [[{{node y}}]]}, or {@code [[{{function_node f}}{{node y}}]]}. */
  private static final Pattern NODE_CONTEXT = Pattern.compile("\\s*\\[\\[\\{\\{[^\\]]*\\]\\]");
  /** A Java exception's qualified class name before its message, e.g. {@code ai.onnxruntime.OrtException: }. */
  private static final Pattern JAVA_CLASS = Pattern.compile("\\b(?:[a-z][\\w$]*\\.)+[A-Z][\\w$]*: ");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private EngineMessages() {}

  /** One line with no newline; empty for {@code null}. */
  static String summary(String message) {
    if (message == null) {
      return "";
    }
    StringBuilder line = new StringBuilder();
    boolean inTraceback = false;
    for (String l : withoutEcho(message).split("\\R")) {
      if (l.startsWith("Traceback")) {
        inTraceback = true;
      } else if (!inTraceback || !l.isEmpty() && !Character.isWhitespace(l.charAt(0))) {
        // a traceback's frames are indented; its first unindented line is the reason
        inTraceback = false;
        line.append(l.replace(TORCHSCRIPT_HEADER, "")).append(' ');
      }
    }
    String text = NODE_CONTEXT.matcher(line).replaceAll("");
    text = JAVA_CLASS.matcher(text).replaceAll("");
    return WHITESPACE.matcher(text).replaceAll(" ").strip();
  }

  /**
   * The message without a parenthesised tail that repeats text before it, as the root cause's message appended to a
   * message that already holds it.
   */
  private static String withoutEcho(String message) {
    if (!message.endsWith(")")) {
      return message;
    }
    for (int at = message.indexOf(" ("); at >= 0; at = message.indexOf(" (", at + 1)) {
      String tail = message.substring(at + 2, message.length() - 1);
      if (!tail.isBlank() && tail.length() <= at && message.substring(0, at).contains(tail)) {
        return message.substring(0, at);
      }
    }
    return message;
  }
}
