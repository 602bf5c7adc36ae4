/**
 * TF Serving's tf.Example methods over the predict path: Classify, Regress and MultiInference for SavedModel
 * signatures whose {@code method_name} is {@code tensorflow/serving/classify} or {@code tensorflow/serving/regress}.
 * Transport-neutral: wire messages in and out, failures as the core's exceptions ({@link
 * org.modelrt.serving.ServingFailures} turns them into codes), so the gRPC and REST fronts share it.
 */
package org.modelrt.serving.example;
