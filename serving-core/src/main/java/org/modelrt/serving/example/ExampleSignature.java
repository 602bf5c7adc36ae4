package org.modelrt.serving.example;

import java.util.List;
import java.util.stream.Collectors;
import org.modelrt.contract.Contract;
import org.modelrt.contract.InvalidRequestException;
import org.modelrt.contract.Signature;
import org.modelrt.serving.ServingException;

/**
 * A signature checked for TF Serving's classify or regress rules ({@code PreProcessClassification} /
 * {@code PreProcessRegression}): the method name, one input named {@code inputs}, and the outputs it reads.
 * Errors use upstream's wording; where the method name is wrong they also name the kinds of signature the model has.
 *
 * @param name the signature that runs
 * @param input its one input, {@code inputs}
 * @param outputs the outputs to fetch: {@code classes} and/or {@code scores}, or {@code outputs}
 */
record ExampleSignature(String name, String input, List<String> outputs) {
  static final String CLASSIFY_METHOD = "tensorflow/serving/classify";
  static final String REGRESS_METHOD = "tensorflow/serving/regress";
  static final String INPUTS = "inputs";
  static final String CLASSES = "classes";
  static final String SCORES = "scores";
  static final String OUTPUTS = "outputs";

  /** The signature a request names; TF Serving's default for an empty name is {@code serving_default}. */
  static String requested(String signatureName) {
    return signatureName == null || signatureName.isEmpty() ? Contract.SERVING_DEFAULT : signatureName;
  }

  static ExampleSignature classification(Signature signature, Contract contract) {
    requireMethod(signature, contract, CLASSIFY_METHOD, "classification");
    if (signature.inputs().size() != 1) {
      throw new InvalidRequestException("Expected one input Tensor.");
    }
    if (signature.outputs().size() != 1 && signature.outputs().size() != 2) {
      throw new InvalidRequestException(
          "Expected one or two output Tensors, found " + signature.outputs().size());
    }
    requireInputs(signature, "classification");
    List<String> outputs = signature.outputNames().stream().filter(n -> n.equals(CLASSES) || n.equals(SCORES))
        .sorted() // classes before scores, as upstream fetches them
        .toList();
    if (outputs.isEmpty()) {
      throw new ServingException(ServingException.Code.FAILED_PRECONDITION,
          "Expected classification signature outputs to contain at least one of \"classes\" or \"scores\". "
              + "Signature was: " + describe(signature));
    }
    return new ExampleSignature(signature.name(), INPUTS, outputs);
  }

  static ExampleSignature regression(Signature signature, Contract contract) {
    requireMethod(signature, contract, REGRESS_METHOD, "regression");
    if (signature.inputs().size() != 1) {
      throw new InvalidRequestException("Expected one input Tensor.");
    }
    if (signature.outputs().size() != 1) {
      throw new InvalidRequestException("Expected one output Tensor.");
    }
    requireInputs(signature, "regression");
    if (signature.output(OUTPUTS).isEmpty()) {
      throw new ServingException(ServingException.Code.FAILED_PRECONDITION,
          "No regression outputs found in SignatureDef: " + describe(signature));
    }
    return new ExampleSignature(signature.name(), INPUTS, List.of(OUTPUTS));
  }

  /** Every signature with its method name: what a caller needs when the one it named is of another kind. */
  static String kinds(Contract contract) {
    return contract.signatures().stream()
        .map(s -> s.name() + " (" + (s.methodName().isEmpty() ? "no method_name" : s.methodName()) + ")")
        .collect(Collectors.joining(", "));
  }

  private static void requireMethod(Signature signature, Contract contract, String method, String kind) {
    if (!signature.methodName().equals(method)) {
      throw new InvalidRequestException("Expected " + kind + " signature method_name to be " + method + ". Was: "
          + signature.methodName() + " (signature '" + signature.name() + "'; the model's signatures: "
          + kinds(contract) + ")");
    }
  }

  private static void requireInputs(Signature signature, String kind) {
    if (signature.input(INPUTS).isEmpty()) {
      throw new ServingException(ServingException.Code.FAILED_PRECONDITION,
          "No " + kind + " inputs found in SignatureDef: " + describe(signature));
    }
  }

  private static String describe(Signature signature) {
    return signature.name() + " (method_name " + signature.methodName() + ", inputs " + signature.inputNames()
        + ", outputs " + signature.outputNames() + ")";
  }
}
