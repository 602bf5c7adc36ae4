package org.modelrt.contract;

import java.util.List;
import java.util.Map;

/**
 * Checks a request's inputs against a signature from their headers alone, before any tensor data is copied.
 * Immutable and thread-safe.
 */
public final class RequestValidator {
  private final long maxElements;

  /** @param maxElements the largest element count one input may have; checked before any allocation */
  public RequestValidator(long maxElements) {
    this.maxElements = maxElements;
  }

  /**
   * Validates every input.
   *
   * @param inputs the request's inputs by name
   * @return one entry per signature input, in the signature's input order
   * @throws InvalidRequestException naming the input, the expected and the received
   */
  public List<ValidatedInput> validate(Signature signature, Map<String, TensorHeader> inputs) {
    throw new UnsupportedOperationException("in progress on branch contract; maxElements=" + maxElements);
  }
}
