package org.modelrt.serving.repository;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Message helpers: one bounded line, and the reason of a file system failure in words. Stateless. */
final class Messages {
  /** Long enough for a path and a parser's complaint, short enough for one log line. */
  static final int MAX_LENGTH = 500;

  private Messages() {}

  static String oneLine(String message) {
    String line = message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    return line.length() <= MAX_LENGTH ? line : line.substring(0, MAX_LENGTH - 3) + "...";
  }

  /** Why an I/O operation failed, without the exception's class name or the path it repeats. */
  static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NotDirectoryException) {
      return "not a directory";
    }
    if (e instanceof FileSystemLoopException) {
      return "symbolic link loop";
    }
    // FileSystemException's own text is "<file>: <reason>"; the file is already named by the caller.
    String reason = e instanceof FileSystemException fse ? fse.getReason() : e.getMessage();
    return reason == null || reason.isBlank() ? "input/output error" : reason;
  }

  /** A value quoted for a message, bounded so that a pasted blob cannot fill the line. */
  static String quote(String value) {
    String shown = value.length() <= 120 ? value : value.substring(0, 117) + "...";
    return '"' + shown.replace("\"", "\\\"").replaceAll("\\p{Cntrl}", "?") + '"';
  }
}
