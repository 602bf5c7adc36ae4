package org.modelrt.contract;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Checks a request's inputs against a signature from their headers alone, before any tensor data is copied.
 *
 * <p>In order: the input set (as TF Serving words it), then per input in signature order: map fields, dtype, values in
 * the wrong field, the request shape on its own (negative dims, more than one -1, product overflow, the element limit),
 * the shape against the contract (rank, dims; -1 in the contract matches anything), and the value count or content
 * length against the shape (one -1 is inferred from the count; a single typed value broadcasts to a fully-known shape;
 * DT_STRING neither: its shape states every dim and holds exactly the values sent).
 * A tensor without tensor_shape is a scalar, except under a contract field of unknown rank, where it is 1-D of its
 * value count (the Hydrosphere gateways' JSON path).
 * Every failure is an {@link InvalidRequestException} naming the input, the expected and the received.
 *
 * <p>Immutable and thread-safe; it runs on every request, so the path that accepts allocates only its result.
 */
public final class RequestValidator {
  private final InputCheck inputCheck;

  /**
   * @param maxElements the largest element count one input may have; checked before any allocation
   * @throws IllegalArgumentException if {@code maxElements} is not positive
   */
  public RequestValidator(long maxElements) {
    if (maxElements <= 0) {
      throw new IllegalArgumentException("maxElements must be positive, was " + maxElements);
    }
    this.inputCheck = new InputCheck(new ShapeResolver(maxElements));
  }

  /**
   * Validates every input.
   *
   * @param inputs the request's inputs by name
   * @return one entry per signature input, in the signature's input order
   * @throws InvalidRequestException naming the input, the expected and the received
   */
  public List<ValidatedInput> validate(Signature signature, Map<String, TensorHeader> inputs) {
    InputSetCheck.require(signature, inputs);
    List<Field> fields = signature.inputs();
    List<ValidatedInput> validated = new ArrayList<>(fields.size());
    for (int i = 0; i < fields.size(); i++) {
      Field field = fields.get(i);
      validated.add(inputCheck.check(field, inputs.get(field.name())));
    }
    return Collections.unmodifiableList(validated);
  }
}
