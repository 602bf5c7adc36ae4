package org.modelrt.server.rpc;

import java.util.List;
import java.util.Map;

/**
 * One Predict as the pipeline sees it, whatever the generation.
 *
 * @param signatureName the requested signature; empty for the contract's default
 * @param inputs the request's tensors by name
 * @param outputFilter the outputs to return; empty for all
 * @param <T> the generation's tensor message
 */
record PredictCall<T>(String signatureName, Map<String, T> inputs, List<String> outputFilter) {}
