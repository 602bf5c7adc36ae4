package org.modelrt.contract;

/**
 * A request input that passed validation, with everything decoding needs. A value made per request.
 *
 * @param field the contract field it binds to
 * @param shape the concrete shape to decode into: the request's dims, with a -1 replaced by the size inferred from
 *     the value count; for a tensor sent without a shape, a scalar, or {@code [count]} under a contract field of
 *     unknown rank. Shared with the request's {@link TensorHeader} when nothing was inferred: read-only
 * @param broadcast whether a single value is to be repeated to fill {@code shape}
 */
public record ValidatedInput(Field field, long[] shape, boolean broadcast) {}
