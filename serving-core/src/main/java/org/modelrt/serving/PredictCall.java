package org.modelrt.serving;

import java.util.List;
import java.util.Map;

/**
 * One Predict as the core sees it, whatever the front.
 *
 * @param model the model (and version) asked for
 * @param signatureName the requested signature; empty for the contract's default
 * @param inputs the request's tensors by name
 * @param outputFilter the outputs to return; empty for all
 * @param <T> the front's tensor message (see {@link org.modelrt.serving.codec.WireFormat})
 */
public record PredictCall<T>(ModelRef model, String signatureName, Map<String, T> inputs, List<String> outputFilter) {}
