package org.modelrt.engine;

/**
 * The model could not be loaded: no or several engine candidates, unreadable files, a contract that does not match
 * the model, a failed warmup. The message is for humans and is what the server reports as NOT_SERVING.
 */
public final class ModelLoadException extends Exception {
  private static final long serialVersionUID = 1L;

  public ModelLoadException(String message) {
    super(message);
  }

  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * "cannot read PATH: REASON", the reason in words and said once: the JDK's messages are only the path
   * ({@code AccessDeniedException}) or repeat it ({@code "PATH (Permission denied)"}).
   */
  static ModelLoadException cannotRead(String what, java.nio.file.Path path, java.io.IOException e) {
    return new ModelLoadException(what + " " + path + ": " + reason(path, e), e);
  }

  static String reason(java.nio.file.Path path, java.io.IOException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.FileSystemLoopException) {
      return "a symbolic link loop";
    }
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
      return fse.getReason();
    }
    String prefix = path + " (";
    if (message.startsWith(prefix) && message.endsWith(")")) {
      return message.substring(prefix.length(), message.length() - 1); // FileNotFoundException: "PATH (REASON)"
    }
    return message.isEmpty() ? e.getClass().getSimpleName() : message;
  }
}
