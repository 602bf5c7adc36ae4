package org.modelrt.server.rpc;

import java.util.ArrayList;
import java.util.List;
import org.modelrt.serving.ModelRegistry;
import org.modelrt.serving.PredictPipeline;
import org.modelrt.serving.example.ExampleAnswer;
import org.modelrt.serving.example.ExampleInference;
import org.modelrt.serving.example.ExampleTask;
import org.modelrt.wire.tfserving.ClassificationRequest;
import org.modelrt.wire.tfserving.ClassificationResponse;
import org.modelrt.wire.tfserving.ClassificationResult;
import org.modelrt.wire.tfserving.InferenceResult;
import org.modelrt.wire.tfserving.InferenceTask;
import org.modelrt.wire.tfserving.ModelSpec;
import org.modelrt.wire.tfserving.MultiInferenceRequest;
import org.modelrt.wire.tfserving.MultiInferenceResponse;
import org.modelrt.wire.tfserving.RegressionRequest;
import org.modelrt.wire.tfserving.RegressionResponse;
import org.modelrt.wire.tfserving.RegressionResult;

/**
 * TF Serving's Classify, Regress and MultiInference messages to the core's {@link ExampleInference} and back; each
 * answer's model_spec as Predict's ({@link ModelSpecs}). Failures are thrown for {@link StatusMapper}. Thread-safe.
 */
final class ExampleRpcs {
  private final ExampleInference inference;
  private final ModelRegistry.Mode mode;

  ExampleRpcs(PredictPipeline pipeline) {
    this.inference = new ExampleInference(pipeline);
    this.mode = pipeline.registry().mode();
  }

  ClassificationResponse classify(ClassificationRequest request) {
    ModelSpec spec = request.getModelSpec();
    ExampleAnswer<ClassificationResult> answer = inference.classify(ModelSpecs.ref(spec), spec.getSignatureName(),
        request.getInput(), ContextDeadline.current());
    ClassificationResponse.Builder response = ClassificationResponse.newBuilder().setResult(answer.result());
    ModelSpec answered = answered(spec, answer);
    return (answered == null ? response : response.setModelSpec(answered)).build();
  }

  RegressionResponse regress(RegressionRequest request) {
    ModelSpec spec = request.getModelSpec();
    ExampleAnswer<RegressionResult> answer = inference.regress(ModelSpecs.ref(spec), spec.getSignatureName(),
        request.getInput(), ContextDeadline.current());
    RegressionResponse.Builder response = RegressionResponse.newBuilder().setResult(answer.result());
    ModelSpec answered = answered(spec, answer);
    return (answered == null ? response : response.setModelSpec(answered)).build();
  }

  MultiInferenceResponse multiInference(MultiInferenceRequest request) {
    List<ExampleTask> tasks = new ArrayList<>();
    for (InferenceTask task : request.getTasksList()) {
      tasks.add(new ExampleTask(ModelSpecs.ref(task.getModelSpec()), task.getModelSpec().getSignatureName(),
          task.getMethodName()));
    }
    List<ExampleAnswer<Object>> answers = inference.multiInference(tasks, request.getInput(),
        ContextDeadline.current());
    MultiInferenceResponse.Builder response = MultiInferenceResponse.newBuilder();
    for (int i = 0; i < answers.size(); i++) {
      ExampleAnswer<Object> answer = answers.get(i);
      InferenceResult.Builder result = response.addResultsBuilder();
      if (answer.result() instanceof ClassificationResult classification) {
        result.setClassificationResult(classification);
      } else {
        result.setRegressionResult((RegressionResult) answer.result());
      }
      ModelSpec answered = answered(request.getTasks(i).getModelSpec(), answer);
      if (answered != null) {
        result.setModelSpec(answered);
      }
    }
    return response.build();
  }

  private ModelSpec answered(ModelSpec requested, ExampleAnswer<?> answer) {
    return ModelSpecs.answer(mode, requested, answer.model(), answer.version(), answer.signature());
  }
}
