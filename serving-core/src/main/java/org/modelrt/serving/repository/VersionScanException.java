package org.modelrt.serving.repository;

/**
 * A model's base path cannot be listed: it does not exist, is not a directory or cannot be read. The message names
 * the path and is one line. At start this is fatal for the model; on a later poll the caller keeps what it serves.
 */
public final class VersionScanException extends Exception {
  private static final long serialVersionUID = 1L;

  VersionScanException(String message) {
    super(Messages.oneLine(message));
  }
}
