package org.modelrt.server.rpc;

import java.util.Map;
import org.modelrt.contract.Signature;

/**
 * The result of one Predict.
 *
 * @param signature the signature that ran
 * @param outputs the selected outputs by name, in signature order
 * @param <T> the generation's tensor message
 */
record Prediction<T>(Signature signature, Map<String, T> outputs) {}
