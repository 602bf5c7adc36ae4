package org.modelrt.serving.example;

import org.modelrt.serving.ModelRef;

/**
 * One task of a MultiInference, as TF Serving's {@code InferenceTask} says it.
 *
 * @param model the model asked for; every task of a request must name the same one
 * @param signatureName the signature; empty for {@code serving_default}
 * @param methodName {@code tensorflow/serving/classify} or {@code tensorflow/serving/regress}
 */
public record ExampleTask(ModelRef model, String signatureName, String methodName) {}
