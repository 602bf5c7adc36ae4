package org.modelrt.contract;

/**
 * A contract file could not be read: unknown layout, truncated or malformed bytes, no signatures, or a field that
 * breaks a rule. The message says what is wrong and where (file, signature, field).
 */
public final class ContractFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public ContractFormatException(String message) {
    super(message);
  }

  public ContractFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
