package org.modelrt.serving;

import java.util.Map;
import org.modelrt.contract.Signature;

/**
 * The result of one Predict.
 *
 * @param model the name of the model that answered, as served
 * @param version the version that answered
 * @param signature the signature that ran
 * @param outputs the selected outputs by name, in signature order
 * @param <T> the front's tensor message
 */
public record Prediction<T>(String model, long version, Signature signature, Map<String, T> outputs) {}
