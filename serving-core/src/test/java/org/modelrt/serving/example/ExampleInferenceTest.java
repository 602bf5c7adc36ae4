package org.modelrt.serving.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.modelrt.engine.CallerDeadline;
import org.modelrt.engine.EngineOptions;
import org.modelrt.engine.ModelLoader;
import org.modelrt.fixtures.TestModels;
import org.modelrt.serving.ModelEntry;
import org.modelrt.serving.ModelRef;
import org.modelrt.serving.ModelRegistry;
import org.modelrt.serving.PredictPipeline;
import org.modelrt.serving.ServingException;
import org.modelrt.serving.ServingFailures;
import org.modelrt.serving.ServingState;
import org.modelrt.serving.VersionManager;
import org.modelrt.serving.codec.ResponseEncoding;
import org.modelrt.wire.example.Example;
import org.modelrt.wire.example.Feature;
import org.modelrt.wire.example.Features;
import org.modelrt.wire.example.FloatList;
import org.modelrt.wire.example.Int64List;
import org.modelrt.wire.tfserving.Class;
import org.modelrt.wire.tfserving.ClassificationResult;
import org.modelrt.wire.tfserving.Classifications;
import org.modelrt.wire.tfserving.ExampleList;
import org.modelrt.wire.tfserving.ExampleListWithContext;
import org.modelrt.wire.tfserving.Input;
import org.modelrt.wire.tfserving.Regression;
import org.modelrt.wire.tfserving.RegressionResult;

/**
 * Classify, Regress and MultiInference on the real tf_example SavedModel (and tf_linear, which has only a predict
 * signature) in TensorFlow. Expected values by hand: scores = x W + offset with W = [[0.5,-1,2],[1.5,0.25,-0.75]],
 * regress = x V + offset with V = [2,-0.5], classes cat, dog, bird.
 */
final class ExampleInferenceTest {
  private static VersionManager manager;
  private static ExampleInference inference;

  @BeforeAll
  static void load() throws InterruptedException {
    ModelRegistry registry = new ModelRegistry(ModelRegistry.Mode.TF_SERVING, new ServingState("loading"));
    manager = new VersionManager(registry, ModelLoader::load);
    manager.configure(List.of(entry("ex", "tf_example"), entry("linear", "tf_linear")));
    long end = System.nanoTime() + 120_000_000_000L;
    while (registry.state().snapshot().phase() != ServingState.Phase.SERVING) {
      assertTrue(System.nanoTime() < end, "not serving: " + registry.state().snapshot());
      Thread.sleep(20);
    }
    inference = new ExampleInference(new PredictPipeline(registry, 8, 1 << 20, ResponseEncoding.AS_REQUEST));
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  private static ModelEntry entry(String name, String fixture) {
    return new ModelEntry(name, ModelEntry.fixed(3, TestModels.dir(fixture).resolve("files")), Map.of(),
        EngineOptions.defaults());
  }

  static Example example(float x0, float x1) {
    return Example.newBuilder().setFeatures(Features.newBuilder().putFeature("x", floats(x0, x1))).build();
  }

  static Example example(float x0, float x1, float offset) {
    return Example.newBuilder().setFeatures(Features.newBuilder()
        .putFeature("x", floats(x0, x1)).putFeature("offset", floats(offset))).build();
  }

  static Feature floats(float... values) {
    FloatList.Builder list = FloatList.newBuilder();
    for (float v : values) {
      list.addValue(v);
    }
    return Feature.newBuilder().setFloatList(list).build();
  }

  static Input list(Example... examples) {
    return Input.newBuilder().setExampleList(ExampleList.newBuilder().addAllExamples(List.of(examples))).build();
  }

  private static Classifications labelled(float cat, float dog, float bird) {
    return Classifications.newBuilder()
        .addClasses(Class.newBuilder().setLabel("cat").setScore(cat))
        .addClasses(Class.newBuilder().setLabel("dog").setScore(dog))
        .addClasses(Class.newBuilder().setLabel("bird").setScore(bird)).build();
  }

  private static ServingException.Code codeOf(Executable call) {
    Throwable failure = assertThrows(Throwable.class, call);
    return ServingFailures.classify(failure, "test").code();
  }

  private static String messageOf(Executable call) {
    return ServingFailures.classify(assertThrows(Throwable.class, call), "test").getMessage();
  }

  @Test
  void classify_defaultSignature_answersLabelsAndScoresPerExample() {
    ExampleAnswer<ClassificationResult> answer = inference.classify(ModelRef.latest("ex"), "",
        list(example(1, 2), example(0.5f, -1.5f, 4)), CallerDeadline.NONE);

    assertEquals(ClassificationResult.newBuilder()
        .addClassifications(labelled(3.5f, -0.5f, 0.5f))          // 1*W0 + 2*W1
        .addClassifications(labelled(2, 3.125f, 6.125f)).build(), // 0.5*W0 - 1.5*W1 + 4
        answer.result());
    assertEquals("ex", answer.model());
    assertEquals(3, answer.version());
    assertEquals("serving_default", answer.signature());
  }

  @Test
  void classify_withContext_mergesTheContextIntoEachExample_theExampleWinning() {
    Input input = Input.newBuilder().setExampleListWithContext(ExampleListWithContext.newBuilder()
        .setContext(Example.newBuilder().setFeatures(Features.newBuilder().putFeature("offset", floats(1))))
        .addExamples(example(2, -1))
        .addExamples(example(0, 4, -2))).build();

    ClassificationResult result = inference.classify(ModelRef.latest("ex"), "serving_default", input,
        CallerDeadline.NONE).result();

    assertEquals(List.of(labelled(0.5f, -1.25f, 5.75f), labelled(4, -1, -5)), result.getClassificationsList());
  }

  @Test
  void classify_scoresOnly_answersClassesWithoutLabels() {
    ClassificationResult result = inference.classify(ModelRef.latest("ex"), "scores_only", list(example(1, 2)),
        CallerDeadline.NONE).result();

    assertEquals(ClassificationResult.newBuilder().addClassifications(Classifications.newBuilder()
        .addClasses(Class.newBuilder().setScore(3.5f))
        .addClasses(Class.newBuilder().setScore(-0.5f))
        .addClasses(Class.newBuilder().setScore(0.5f))).build(), result);
  }

  @Test
  void regress_answersOneValuePerExample() {
    ExampleAnswer<RegressionResult> answer = inference.regress(new ModelRef("ex", OptionalLong.of(3), ""),
        "regress", list(example(1, 2), example(3, -4, 0.5f)), CallerDeadline.NONE);

    assertEquals(RegressionResult.newBuilder()
        .addRegressions(Regression.newBuilder().setValue(1))     // 2 - 1
        .addRegressions(Regression.newBuilder().setValue(8.5f))  // 6 + 2 + 0.5
        .build(), answer.result());
    assertEquals("regress", answer.signature());
  }

  @Test
  void aSignatureOfAnotherKind_isInvalidArgument_namingTheKindsTheModelHas() {
    String message = messageOf(() -> inference.classify(ModelRef.latest("ex"), "regress", list(example(1, 2)),
        CallerDeadline.NONE));
    assertTrue(message.startsWith("Expected classification signature method_name to be tensorflow/serving/classify."
        + " Was: tensorflow/serving/regress"), message);
    assertTrue(message.contains("serving_default (tensorflow/serving/classify)"), message);

    assertEquals(ServingException.Code.INVALID_ARGUMENT, codeOf(() -> inference.regress(ModelRef.latest("ex"), "",
        list(example(1, 2)), CallerDeadline.NONE)));
  }

  @Test
  void callerDataErrors_areInvalidArgument() {
    assertEquals("Input is empty.", messageOf(() -> inference.classify(ModelRef.latest("ex"), "",
        Input.getDefaultInstance(), CallerDeadline.NONE)));
    assertEquals(ServingException.Code.INVALID_ARGUMENT, codeOf(() -> inference.classify(ModelRef.latest("ex"),
        "no_such", list(example(1, 2)), CallerDeadline.NONE)));

    Example noX = Example.newBuilder().setFeatures(Features.newBuilder().putFeature("offset", floats(1))).build();
    String missing = messageOf(() -> inference.classify(ModelRef.latest("ex"), "", list(noX), CallerDeadline.NONE));
    assertTrue(missing.contains("x"), missing);
    assertEquals(ServingException.Code.INVALID_ARGUMENT, codeOf(() -> inference.classify(ModelRef.latest("ex"), "",
        list(noX), CallerDeadline.NONE)));

    Example wrongType = Example.newBuilder().setFeatures(Features.newBuilder().putFeature("x",
        Feature.newBuilder().setInt64List(Int64List.newBuilder().addValue(1).addValue(2)).build())).build();
    assertEquals(ServingException.Code.INVALID_ARGUMENT, codeOf(() -> inference.regress(ModelRef.latest("ex"),
        "regress", list(wrongType), CallerDeadline.NONE)));

    Example tooLong = Example.newBuilder().setFeatures(Features.newBuilder().putFeature("x", floats(1, 2, 3)))
        .build();
    assertEquals(ServingException.Code.INVALID_ARGUMENT, codeOf(() -> inference.regress(ModelRef.latest("ex"),
        "regress", list(tooLong), CallerDeadline.NONE)));
  }

  @Test
  void multiInference_runsEveryTaskOnTheSameInput_inTaskOrder() {
    List<ExampleAnswer<Object>> answers = inference.multiInference(List.of(
        new ExampleTask(ModelRef.latest("ex"), "regress", ExampleInference.REGRESS_METHOD),
        new ExampleTask(ModelRef.latest("ex"), "", ExampleInference.CLASSIFY_METHOD)),
        list(example(1, 2)), CallerDeadline.NONE);

    assertEquals(2, answers.size());
    assertEquals(RegressionResult.newBuilder().addRegressions(Regression.newBuilder().setValue(1)).build(),
        answers.get(0).result());
    assertEquals("regress", answers.get(0).signature());
    assertEquals(ClassificationResult.newBuilder().addClassifications(labelled(3.5f, -0.5f, 0.5f)).build(),
        answers.get(1).result());
    assertEquals("serving_default", answers.get(1).signature());
  }

  @Test
  void multiInference_onAModelWithoutSuchSignatures_isInvalidArgument_namingItsKinds() {
    Executable call = () -> inference.multiInference(List.of(
        new ExampleTask(ModelRef.latest("linear"), "", ExampleInference.CLASSIFY_METHOD)),
        list(example(1, 2)), CallerDeadline.NONE);

    assertEquals(ServingException.Code.INVALID_ARGUMENT, codeOf(call));
    String message = messageOf(call);
    // tf_linear's one signature was exported by TF-Java with no method_name at all
    assertTrue(message.startsWith("Expected classification signature method_name to be tensorflow/serving/classify."
        + " Was: "), message);
    assertTrue(message.contains("the model's signatures: serving_default (no method_name)"), message);
  }

  @Test
  void multiInference_refusesWhatUpstreamRefuses() {
    ModelRef ex = ModelRef.latest("ex");
    assertEquals("Expected at least one task", messageOf(() -> inference.multiInference(List.of(),
        list(example(1, 2)), CallerDeadline.NONE)));
    assertEquals("Duplicate evaluation of signature: serving_default", messageOf(() -> inference.multiInference(
        List.of(new ExampleTask(ex, "", ExampleInference.CLASSIFY_METHOD),
            new ExampleTask(ex, "serving_default", ExampleInference.CLASSIFY_METHOD)),
        list(example(1, 2)), CallerDeadline.NONE)));
    assertEquals("All ModelSpecs in a MultiInferenceRequest must access the same model name.", messageOf(
        () -> inference.multiInference(List.of(new ExampleTask(ex, "", ExampleInference.CLASSIFY_METHOD),
            new ExampleTask(ModelRef.latest("linear"), "regress", ExampleInference.REGRESS_METHOD)),
            list(example(1, 2)), CallerDeadline.NONE)));
    Executable unknownMethod = () -> inference.multiInference(List.of(
        new ExampleTask(ex, "", "tensorflow/serving/predict")), list(example(1, 2)), CallerDeadline.NONE);
    assertEquals(ServingException.Code.UNIMPLEMENTED, codeOf(unknownMethod));
    assertFalse(messageOf(unknownMethod).isEmpty());
  }
}
