package org.modelrt.serving.example;

/**
 * The result of one Classify, Regress or MultiInference task.
 *
 * @param model the name of the model that answered, as served
 * @param version the version that answered
 * @param signature the signature that ran
 * @param result a {@code ClassificationResult} or a {@code RegressionResult}
 * @param <R> the result message
 */
public record ExampleAnswer<R>(String model, long version, String signature, R result) {}
