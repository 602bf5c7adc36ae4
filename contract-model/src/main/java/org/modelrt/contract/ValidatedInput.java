package org.modelrt.contract;

/**
 * A request input that passed validation, with everything decoding needs.
 *
 * @param field the contract field it binds to
 * @param shape the concrete shape to decode into: the request's, with a -1 inferred from the value count
 * @param broadcast whether a single value is to be repeated to fill {@code shape}
 */
public record ValidatedInput(Field field, long[] shape, boolean broadcast) {}
