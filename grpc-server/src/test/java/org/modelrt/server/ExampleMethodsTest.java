package org.modelrt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Int64Value;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelrt.fixtures.TestModels;
import org.modelrt.server.testing.UpstreamSchema;
import org.modelrt.wire.example.Example;
import org.modelrt.wire.example.Feature;
import org.modelrt.wire.example.Features;
import org.modelrt.wire.example.FloatList;
import org.modelrt.wire.tfserving.Class;
import org.modelrt.wire.tfserving.ClassificationRequest;
import org.modelrt.wire.tfserving.ClassificationResponse;
import org.modelrt.wire.tfserving.ClassificationResult;
import org.modelrt.wire.tfserving.Classifications;
import org.modelrt.wire.tfserving.ExampleList;
import org.modelrt.wire.tfserving.GetModelMetadataRequest;
import org.modelrt.wire.tfserving.InferenceResult;
import org.modelrt.wire.tfserving.InferenceTask;
import org.modelrt.wire.tfserving.Input;
import org.modelrt.wire.tfserving.ModelSpec;
import org.modelrt.wire.tfserving.MultiInferenceRequest;
import org.modelrt.wire.tfserving.MultiInferenceResponse;
import org.modelrt.wire.tfserving.Regression;
import org.modelrt.wire.tfserving.RegressionRequest;
import org.modelrt.wire.tfserving.RegressionResponse;
import org.modelrt.wire.tfserving.RegressionResult;
import org.modelrt.wire.tfserving.SignatureDefMap;

/**
 * TF Serving's Classify, Regress and MultiInference over gRPC, in TF Serving mode with the real tf_example SavedModel
 * (and tf_linear, a predict-only model). Whole responses are compared with messages built by hand from upstream's
 * documented behaviour (classifier.cc, regressor.cc, multi_inference.cc), through modelrt's stubs and through an
 * independent client on TF Serving's own schema ({@link UpstreamSchema}): scores = x W + offset with
 * W = [[0.5,-1,2],[1.5,0.25,-0.75]], regress = x V + offset with V = [2,-0.5], labels cat, dog, bird.
 */
final class ExampleMethodsTest {
  @TempDir static Path models;
  private static TfServingRuntime runtime;

  @BeforeAll
  static void start() throws Exception {
    for (String fixture : List.of("tf_example", "tf_linear")) {
      TestModels.copyFiles(fixture, Files.createDirectories(models.resolve(fixture).resolve("5")));
    }
    Path config = Files.writeString(models.resolve("models.config"), """
        model_config_list {
          config { name: "ex" base_path: "%s" model_platform: "tensorflow" }
          config { name: "linear" base_path: "%s" model_platform: "tensorflow" }
        }
        """.formatted(models.resolve("tf_example"), models.resolve("tf_linear")));
    runtime = new TfServingRuntime("--model_config_file", config.toString()).awaitServing();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    runtime.close();
  }

  private static Example example(float x0, float x1) {
    FloatList x = FloatList.newBuilder().addValue(x0).addValue(x1).build();
    return Example.newBuilder().setFeatures(Features.newBuilder()
        .putFeature("x", Feature.newBuilder().setFloatList(x).build())).build();
  }

  private static Input examples(Example... examples) {
    return Input.newBuilder().setExampleList(ExampleList.newBuilder().addAllExamples(List.of(examples))).build();
  }

  private static ModelSpec spec(String model, String signature) {
    return ModelSpec.newBuilder().setName(model).setSignatureName(signature).build();
  }

  private static ModelSpec answered(String model, String signature) {
    return ModelSpec.newBuilder().setName(model).setVersion(Int64Value.of(5)).setSignatureName(signature).build();
  }

  private static Classifications labelled(float cat, float dog, float bird) {
    return Classifications.newBuilder()
        .addClasses(Class.newBuilder().setLabel("cat").setScore(cat))
        .addClasses(Class.newBuilder().setLabel("dog").setScore(dog))
        .addClasses(Class.newBuilder().setLabel("bird").setScore(bird)).build();
  }

  /** x = [1, 2] and x = [-3, 0.125], as upstream's text format spells tf.Examples. */
  private static final String TWO_EXAMPLES = """
      input { example_list {
        examples { features { feature { key: "x" value { float_list { value: [1, 2] } } } } }
        examples { features { feature { key: "x" value { float_list { value: [-3, 0.125] } } } } }
      } }
      """;

  @Test
  void anUpstreamClient_getsWhatTfServingAnswers() throws Exception {
    UpstreamSchema upstream = UpstreamSchema.load();

    DynamicMessage classified = upstream.call(runtime.channel(), "Classify",
        "model_spec { name: \"ex\" }" + TWO_EXAMPLES);
    assertEquals(UpstreamSchema.text(upstream.method("Classify").getOutputType(), """
        model_spec { name: "ex" version { value: 5 } signature_name: "serving_default" }
        result {
          classifications {
            classes { label: "cat" score: 3.5 } classes { label: "dog" score: -0.5 }
            classes { label: "bird" score: 0.5 } }
          classifications {
            classes { label: "cat" score: -1.3125 } classes { label: "dog" score: 3.03125 }
            classes { label: "bird" score: -6.09375 } }
        }
        """), classified);

    DynamicMessage regressed = upstream.call(runtime.channel(), "Regress",
        "model_spec { name: \"ex\" signature_name: \"regress\" }" + TWO_EXAMPLES);
    assertEquals(UpstreamSchema.text(upstream.method("Regress").getOutputType(), """
        model_spec { name: "ex" version { value: 5 } signature_name: "regress" }
        result { regressions { value: 1 } regressions { value: -6.0625 } }
        """), regressed);

    DynamicMessage multi = upstream.call(runtime.channel(), "MultiInference", """
        tasks { model_spec { name: "ex" signature_name: "regress" } method_name: "tensorflow/serving/regress" }
        tasks { model_spec { name: "ex" } method_name: "tensorflow/serving/classify" }
        """ + TWO_EXAMPLES);
    assertEquals(UpstreamSchema.text(upstream.method("MultiInference").getOutputType(), """
        results {
          model_spec { name: "ex" version { value: 5 } signature_name: "regress" }
          regression_result { regressions { value: 1 } regressions { value: -6.0625 } }
        }
        results {
          model_spec { name: "ex" version { value: 5 } signature_name: "serving_default" }
          classification_result {
            classifications {
              classes { label: "cat" score: 3.5 } classes { label: "dog" score: -0.5 }
              classes { label: "bird" score: 0.5 } }
            classifications {
              classes { label: "cat" score: -1.3125 } classes { label: "dog" score: 3.03125 }
              classes { label: "bird" score: -6.09375 } }
          }
        }
        """), multi);
  }

  @Test
  void classify_answersTheWholeResponseAsTfServingDoes() {
    ClassificationResponse response = runtime.tf().classify(ClassificationRequest.newBuilder()
        .setModelSpec(spec("ex", "")).setInput(examples(example(1, 2), example(-3, 0.125f))).build());

    assertEquals(ClassificationResponse.newBuilder()
        .setModelSpec(answered("ex", "serving_default"))
        .setResult(ClassificationResult.newBuilder()
            .addClassifications(labelled(3.5f, -0.5f, 0.5f))             // 1*W0 + 2*W1
            .addClassifications(labelled(-1.3125f, 3.03125f, -6.09375f))) // -3*W0 + 0.125*W1
        .build(), response);
  }

  @Test
  void regress_answersTheWholeResponseAsTfServingDoes() {
    RegressionResponse response = runtime.tf().regress(RegressionRequest.newBuilder()
        .setModelSpec(spec("ex", "regress")).setInput(examples(example(1, 2), example(-3, 0.125f))).build());

    assertEquals(RegressionResponse.newBuilder()
        .setModelSpec(answered("ex", "regress"))
        .setResult(RegressionResult.newBuilder()
            .addRegressions(Regression.newBuilder().setValue(1))          // 2 - 1
            .addRegressions(Regression.newBuilder().setValue(-6.0625f)))  // -6 - 0.0625
        .build(), response);
  }

  @Test
  void multiInference_answersOneResultPerTask_inTaskOrder() {
    MultiInferenceResponse response = runtime.tf().multiInference(MultiInferenceRequest.newBuilder()
        .addTasks(InferenceTask.newBuilder().setModelSpec(spec("ex", "scores_only"))
            .setMethodName("tensorflow/serving/classify"))
        .addTasks(InferenceTask.newBuilder().setModelSpec(spec("ex", "regress"))
            .setMethodName("tensorflow/serving/regress"))
        .setInput(examples(example(1, 2))).build());

    assertEquals(MultiInferenceResponse.newBuilder()
        .addResults(InferenceResult.newBuilder().setModelSpec(answered("ex", "scores_only"))
            .setClassificationResult(ClassificationResult.newBuilder().addClassifications(Classifications.newBuilder()
                .addClasses(Class.newBuilder().setScore(3.5f))
                .addClasses(Class.newBuilder().setScore(-0.5f))
                .addClasses(Class.newBuilder().setScore(0.5f)))))
        .addResults(InferenceResult.newBuilder().setModelSpec(answered("ex", "regress"))
            .setRegressionResult(RegressionResult.newBuilder().addRegressions(Regression.newBuilder().setValue(1))))
        .build(), response);
  }

  @Test
  void aModelWithoutSuchSignatures_isInvalidArgument_namingTheKindsItHas() {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> runtime.tf().multiInference(
        MultiInferenceRequest.newBuilder()
            .addTasks(InferenceTask.newBuilder().setModelSpec(spec("linear", ""))
                .setMethodName("tensorflow/serving/regress"))
            .setInput(examples(example(1, 2))).build()));

    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("the model's signatures: serving_default ("),
        e.getStatus().getDescription());
  }

  @Test
  void callerDataErrors_areInvalidArgument_notInternal() {
    Example noX = Example.newBuilder().setFeatures(Features.getDefaultInstance()).build();
    for (Input input : List.of(Input.getDefaultInstance(), examples(noX))) {
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> runtime.tf().classify(
          ClassificationRequest.newBuilder().setModelSpec(spec("ex", "")).setInput(input).build()));
      assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getStatus().getDescription());
    }
    StatusRuntimeException wrongKind = assertThrows(StatusRuntimeException.class, () -> runtime.tf().regress(
        RegressionRequest.newBuilder().setModelSpec(spec("ex", "scores_only")).setInput(examples(example(1, 2)))
            .build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, wrongKind.getStatus().getCode());
  }

  @Test
  void metadata_reportsEachSignaturesOwnMethodName() throws Exception {
    Any metadata = runtime.tf().getModelMetadata(GetModelMetadataRequest.newBuilder()
        .setModelSpec(spec("ex", "")).addMetadataField("signature_def").build()).getMetadataOrThrow("signature_def");
    SignatureDefMap defs = metadata.unpack(SignatureDefMap.class);

    assertEquals("tensorflow/serving/classify", defs.getSignatureDefOrThrow("serving_default").getMethodName());
    assertEquals("tensorflow/serving/regress", defs.getSignatureDefOrThrow("regress").getMethodName());
  }
}
