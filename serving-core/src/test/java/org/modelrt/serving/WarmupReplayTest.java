package org.modelrt.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelrt.engine.EngineOptions;
import org.modelrt.engine.ModelLoader;
import org.modelrt.fixtures.TestModels;
import org.modelrt.serving.codec.ResponseEncoding;
import org.modelrt.serving.codec.WireFormat;
import org.modelrt.wire.example.Example;
import org.modelrt.wire.example.Feature;
import org.modelrt.wire.example.Features;
import org.modelrt.wire.example.FloatList;
import org.modelrt.wire.tensor.DataType;
import org.modelrt.wire.tensor.TensorProto;
import org.modelrt.wire.tensor.TensorShapeProto;
import org.modelrt.wire.tfserving.ClassificationRequest;
import org.modelrt.wire.tfserving.ClassifyLog;
import org.modelrt.wire.tfserving.ExampleList;
import org.modelrt.wire.tfserving.InferenceTask;
import org.modelrt.wire.tfserving.Input;
import org.modelrt.wire.tfserving.ModelSpec;
import org.modelrt.wire.tfserving.MultiInferenceLog;
import org.modelrt.wire.tfserving.MultiInferenceRequest;
import org.modelrt.wire.tfserving.PredictLog;
import org.modelrt.wire.tfserving.PredictRequest;
import org.modelrt.wire.tfserving.PredictionLog;
import org.modelrt.wire.tfserving.RegressLog;
import org.modelrt.wire.tfserving.RegressionRequest;

/**
 * TF Serving's warmup file, replayed by the version manager with real models (tf_linear, tf_example in TensorFlow):
 * a good file loads the version; a truncated file, a wrong checksum, a record that is not a PredictionLog and a
 * request the model refuses each fail the load with the record's index.
 */
final class WarmupReplayTest {
  @TempDir Path base;
  private final ModelRegistry registry = new ModelRegistry(ModelRegistry.Mode.TF_SERVING, new ServingState("loading"));
  private final VersionManager manager = new VersionManager(registry, ModelLoader::load);

  @AfterEach
  void close() {
    manager.close();
  }

  private static PredictionLog predict(String input, long rows, long columns) {
    TensorProto.Builder x = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(
        TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dim.newBuilder().setSize(rows))
            .addDim(TensorShapeProto.Dim.newBuilder().setSize(columns)));
    for (int i = 0; i < rows * columns; i++) {
      x.addFloatVal(i * 0.5f);
    }
    return PredictionLog.newBuilder().setPredictLog(PredictLog.newBuilder().setRequest(PredictRequest.newBuilder()
        .setModelSpec(ModelSpec.newBuilder().setName("anything")).putInputs(input, x.build()))).build();
  }

  /** Loads {@code fixture} as model m version 1 with {@code warmup} as its warmup file; the version's status. */
  private VersionStatus load(String fixture, byte[] warmup) throws Exception {
    Path dir = TestModels.copyFiles(fixture, Files.createDirectories(base.resolve("1")));
    Files.write(Files.createDirectories(dir.resolve("assets.extra")).resolve("tf_serving_warmup_requests"), warmup);
    manager.configure(List.of(new ModelEntry("m", ModelEntry.fixed(1, dir), Map.of(), EngineOptions.defaults())));
    long end = System.nanoTime() + 120_000_000_000L;
    while (registry.state().snapshot().phase() == ServingState.Phase.LOADING) {
      assertTrue(System.nanoTime() < end, "still loading");
      Thread.sleep(20);
    }
    return registry.status(ModelRef.latest("m")).get(0);
  }

  private static byte[] records(PredictionLog... logs) {
    return TfRecords.of(Arrays.stream(logs).map(PredictionLog::toByteArray).toList());
  }

  private static void assertFailed(VersionStatus status, String... parts) {
    assertEquals(VersionState.END, status.state(), status.toString());
    for (String part : parts) {
      assertTrue(status.error().contains(part), status.error());
    }
  }

  @Test
  void goodPredictLogs_areReplayed_andTheVersionServes() throws Exception {
    VersionStatus status = load("tf_linear", records(predict("x", 1, 4), predict("x", 3, 4)));

    assertEquals(VersionState.AVAILABLE, status.state(), status.error());
    PredictPipeline pipeline = new PredictPipeline(registry, 4, 1 << 20, ResponseEncoding.TYPED);
    TensorProto y = pipeline.predict(new PredictCall<>(ModelRef.latest("m"), "", Map.of("x",
        predict("x", 1, 4).getPredictLog().getRequest().getInputsOrThrow("x")), List.of()),
        WireFormat.TENSOR_PROTO, org.modelrt.engine.CallerDeadline.NONE).outputs().get("y");
    // x = [0, 0.5, 1, 1.5]: y = x W + b with tf_linear's weights (TfLinearFixture)
    assertEquals(List.of(-0.375f, 3.25f, -1.0f), y.getFloatValList());
  }

  @Test
  void classifyRegressAndMultiInferenceLogs_areReplayed() throws Exception {
    Feature x = Feature.newBuilder().setFloatList(FloatList.newBuilder().addValue(1).addValue(2)).build();
    Input input = Input.newBuilder().setExampleList(ExampleList.newBuilder().addExamples(
        Example.newBuilder().setFeatures(Features.newBuilder().putFeature("x", x)))).build();
    byte[] file = records(
        PredictionLog.newBuilder().setClassifyLog(ClassifyLog.newBuilder().setRequest(
            ClassificationRequest.newBuilder().setInput(input))).build(),
        PredictionLog.newBuilder().setRegressLog(RegressLog.newBuilder().setRequest(
            RegressionRequest.newBuilder().setModelSpec(ModelSpec.newBuilder().setSignatureName("regress"))
                .setInput(input))).build(),
        PredictionLog.newBuilder().setMultiInferenceLog(MultiInferenceLog.newBuilder().setRequest(
            MultiInferenceRequest.newBuilder().setInput(input).addTasks(InferenceTask.newBuilder()
                .setModelSpec(ModelSpec.newBuilder().setName("m").setSignatureName("scores_only"))
                .setMethodName("tensorflow/serving/classify")))).build());

    VersionStatus status = load("tf_example", file);

    assertEquals(VersionState.AVAILABLE, status.state(), status.error());
  }

  @Test
  void aTruncatedFile_failsTheLoad_namingTheRecord() throws Exception {
    byte[] whole = records(predict("x", 1, 4), predict("x", 2, 4));
    assertFailed(load("tf_linear", Arrays.copyOf(whole, whole.length - 5)), "record 1 ", "truncated",
        "tf_serving_warmup_requests");
  }

  @Test
  void aWrongChecksum_failsTheLoad_namingTheRecord() throws Exception {
    byte[] file = records(predict("x", 1, 4), predict("x", 2, 4));
    file[file.length - 10] ^= 0x40; // inside record 1's data
    assertFailed(load("tf_linear", file), "record 1 ", "checksum");
  }

  @Test
  void aRecordThatIsNotAPredictionLog_failsTheLoad_namingTheRecord() throws Exception {
    byte[] notAProto = {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01};
    byte[] file = TfRecords.of(List.of(predict("x", 1, 4).toByteArray(), notAProto));
    assertFailed(load("tf_linear", file), "warmup record 1 ", "is not a PredictionLog");
  }

  @Test
  void aRecordOfNoReplayableKind_failsTheLoad_namingTheRecord() throws Exception {
    // an empty record parses as a PredictionLog with no log in it (as would a session_run_log, reserved here)
    byte[] file = TfRecords.of(List.of(predict("x", 1, 4).toByteArray(), new byte[0]));
    assertFailed(load("tf_linear", file), "warmup record 1 ", "holds no predict, classify, regress");
  }

  @Test
  void aRequestTheModelRefuses_failsTheLoad_namingTheRecordAndTheReason() throws Exception {
    assertFailed(load("tf_linear", records(predict("x", 1, 4), predict("x", 1, 4), predict("z", 1, 4))),
        "warmup record 2 ", "(predict_log) was refused: INVALID_ARGUMENT", "extra [z]");
  }

  @Test
  void aRequestTheEngineFailsOn_failsTheLoad() throws Exception {
    // TF Serving mode leaves shapes to the engine: [1,3] passes validation and fails in the matmul, which
    // TensorFlow reports as the request's fault
    assertFailed(load("tf_linear", records(predict("x", 1, 3))), "warmup record 0 ",
        "was refused: INVALID_ARGUMENT: the model refused input 'x' of shape [1,3] (the model declares [-1,4])");
  }
}
