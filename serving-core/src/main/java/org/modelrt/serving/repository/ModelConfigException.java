package org.modelrt.serving.repository;

/**
 * A model configuration cannot be used: a config file that cannot be read or does not parse, or a config (from a
 * file, the flags, the environment or a reload request) that breaks one of TF Serving's rules. The message is one
 * line for a person: where ({@code <file>:<line>:<column>} when the config came from a file), what is wrong and what
 * was expected; never a stack trace.
 */
public final class ModelConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  ModelConfigException(String message) {
    super(Messages.oneLine(message));
  }
}
