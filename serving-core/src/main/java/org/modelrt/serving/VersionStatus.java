package org.modelrt.serving;

/**
 * One version's state as TF Serving's {@code GetModelStatus} and REST model status report it.
 *
 * @param error why it failed to load; empty unless it did
 */
public record VersionStatus(String model, long version, VersionState state, String error) {}
