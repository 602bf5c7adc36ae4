package org.modelrt.serving.example;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.modelrt.contract.Contract;
import org.modelrt.contract.InvalidRequestException;
import org.modelrt.contract.Signature;
import org.modelrt.engine.CallerDeadline;
import org.modelrt.serving.Lease;
import org.modelrt.serving.ModelRef;
import org.modelrt.serving.PredictCall;
import org.modelrt.serving.PredictPipeline;
import org.modelrt.serving.ServingException;
import org.modelrt.serving.codec.WireFormat;
import org.modelrt.wire.tensor.TensorProto;
import org.modelrt.wire.tfserving.ClassificationResult;
import org.modelrt.wire.tfserving.Input;
import org.modelrt.wire.tfserving.RegressionResult;

/**
 * TF Serving's Classify, Regress and MultiInference over the predict path: the input's tf.Examples are serialized
 * into the signature's DT_STRING {@code inputs} tensor [n], the signature runs through {@link PredictPipeline} (so
 * admission, deadlines, validation and the request scope are Predict's), and its outputs become the result message
 * by upstream's rules ({@link ClassificationOutputs}, {@link RegressionOutputs}). Failures are thrown as the core's
 * exceptions, for {@link org.modelrt.serving.ServingFailures#classify}.
 *
 * <p>Thread-safe. Each call holds its model version for its whole length, and runs on exactly that version.
 */
public final class ExampleInference {
  /** The method names TF Serving's tf.Example methods require of a signature. */
  public static final String CLASSIFY_METHOD = ExampleSignature.CLASSIFY_METHOD;
  public static final String REGRESS_METHOD = ExampleSignature.REGRESS_METHOD;

  private final PredictPipeline pipeline;

  public ExampleInference(PredictPipeline pipeline) {
    this.pipeline = pipeline;
  }

  /** Classify: the signature named (else {@code serving_default}) must be a classify one. */
  public ExampleAnswer<ClassificationResult> classify(ModelRef model, String signatureName, Input input,
      CallerDeadline caller) {
    try (Lease lease = pipeline.registry().acquire(model)) {
      ExampleSignature signature = ExampleSignature.classification(
          find(lease, signatureName, "No signature was found with the name: "), lease.loaded().contract());
      TensorProto examples = ExampleInputs.serialized(input);
      int n = examples.getStringValCount();
      return answer(lease, signature, ClassificationOutputs.of(run(lease, signature, examples, caller), n));
    }
  }

  /** Regress: the signature named (else {@code serving_default}) must be a regress one. */
  public ExampleAnswer<RegressionResult> regress(ModelRef model, String signatureName, Input input,
      CallerDeadline caller) {
    try (Lease lease = pipeline.registry().acquire(model)) {
      ExampleSignature signature = ExampleSignature.regression(
          find(lease, signatureName, "No signature was found with the name: "), lease.loaded().contract());
      TensorProto examples = ExampleInputs.serialized(input);
      int n = examples.getStringValCount();
      return answer(lease, signature, RegressionOutputs.of(run(lease, signature, examples, caller), n));
    }
  }

  /**
   * MultiInference: every task on the same input and the same model version, results in task order (each a
   * {@link ClassificationResult} or a {@link RegressionResult}). Tasks are checked as TF Serving's
   * {@code TensorFlowMultiInferenceRunner} checks them, all before any runs; each task's signature then runs on its
   * own (upstream makes one session run of all their outputs; the results are the same).
   */
  public List<ExampleAnswer<Object>> multiInference(List<ExampleTask> tasks, Input input, CallerDeadline caller) {
    if (tasks.isEmpty()) {
      throw new InvalidRequestException("Expected at least one task");
    }
    try (Lease lease = pipeline.registry().acquire(tasks.get(0).model())) {
      List<ExampleSignature> signatures = check(tasks, lease);
      TensorProto examples = ExampleInputs.serialized(input);
      int n = examples.getStringValCount();
      List<ExampleAnswer<Object>> answers = new ArrayList<>();
      for (int i = 0; i < tasks.size(); i++) {
        ExampleSignature signature = signatures.get(i);
        Map<String, TensorProto> outputs = run(lease, signature, examples, caller);
        Object result = tasks.get(i).methodName().equals(CLASSIFY_METHOD)
            ? ClassificationOutputs.of(outputs, n) : RegressionOutputs.of(outputs, n);
        answers.add(answer(lease, signature, result));
      }
      return answers;
    }
  }

  private static List<ExampleSignature> check(List<ExampleTask> tasks, Lease lease) {
    Contract contract = lease.loaded().contract();
    String modelName = tasks.get(0).model().name();
    Set<String> seen = new HashSet<>();
    List<ExampleSignature> signatures = new ArrayList<>();
    for (ExampleTask task : tasks) {
      if (task.model().name().isEmpty()) {
        throw new InvalidRequestException("Found ModelSpec with an empty model name.");
      }
      if (!task.model().name().equals(modelName)) {
        throw new InvalidRequestException(
            "All ModelSpecs in a MultiInferenceRequest must access the same model name.");
      }
      String name = ExampleSignature.requested(task.signatureName());
      if (!seen.add(name)) {
        throw new InvalidRequestException("Duplicate evaluation of signature: " + name);
      }
      Signature signature = find(lease, name, "Requested signature not found in model graph: ");
      signatures.add(switch (task.methodName()) {
        case CLASSIFY_METHOD -> ExampleSignature.classification(signature, contract);
        case REGRESS_METHOD -> ExampleSignature.regression(signature, contract);
        default -> throw new ServingException(ServingException.Code.UNIMPLEMENTED,
            "Unsupported signature method_name: " + task.methodName() + " (the model's signatures: "
                + ExampleSignature.kinds(contract) + ")");
      });
    }
    return signatures; // all share the input "inputs", which upstream requires
  }

  private static Signature find(Lease lease, String signatureName, String notFound) {
    String name = ExampleSignature.requested(signatureName);
    Contract contract = lease.loaded().contract();
    return contract.signature(name).orElseThrow(() -> new InvalidRequestException(
        notFound + name + " (the model's signatures: " + ExampleSignature.kinds(contract) + ")"));
  }

  /** Runs the signature on the version the lease holds: the ref names that version, so a swap cannot intervene. */
  private Map<String, TensorProto> run(Lease lease, ExampleSignature signature, TensorProto examples,
      CallerDeadline caller) {
    ModelRef pinned = new ModelRef(lease.model(), OptionalLong.of(lease.version()), "");
    PredictCall<TensorProto> call = new PredictCall<>(pinned, signature.name(),
        Map.of(signature.input(), examples), signature.outputs());
    return ExampleFailures.asCallerErrors(() -> pipeline.predict(call, WireFormat.TENSOR_PROTO, caller).outputs());
  }

  private static <R> ExampleAnswer<R> answer(Lease lease, ExampleSignature signature, R result) {
    return new ExampleAnswer<>(lease.model(), lease.version(), signature.name(), result);
  }
}
