package org.modelrt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Descriptors.Descriptor;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelrt.fixtures.TestModels;
import org.modelrt.server.testing.Tensors;
import org.modelrt.server.testing.UpstreamSchema;
import org.modelrt.serving.ServingState;
import org.modelrt.wire.tfserving.GetModelStatusRequest;
import org.modelrt.wire.tfserving.ModelSpec;
import org.modelrt.wire.tfserving.ModelVersionStatus;
import org.modelrt.wire.tfserving.PredictRequest;

/**
 * The warmup file in TF Serving mode, written as TF Serving users write it: PredictionLog records of upstream's own
 * schema ({@link UpstreamSchema}: so the trimmed prediction_log.proto is checked against upstream's field numbers)
 * in TFRecord framing. A good file lets the version serve; a record of a kind that is not replayed fails it, and
 * GetModelStatus says which record.
 */
final class WarmupFileTest {
  private static final String PREDICT_LOG = """
      predict_log { request {
        model_spec { name: "whatever" }
        inputs { key: "x" value { dtype: DT_FLOAT tensor_shape { dim { size: 1 } dim { size: 4 } }
                                  float_val: [1, 2, 3, 4] } }
      } }
      """;
  private static final String EXAMPLE = """
      input { example_list { examples { features {
        feature { key: "x" value { float_list { value: [1, 2] } } } } } } }
      """;

  @TempDir Path models;

  private void version(String model, String fixture, String... records) throws Exception {
    Path dir = TestModels.copyFiles(fixture, Files.createDirectories(models.resolve(model).resolve("1")));
    Descriptor log = UpstreamSchema.load().message("tensorflow.serving.PredictionLogOuterClass", "PredictionLog");
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    for (String record : records) {
      byte[] data = UpstreamSchema.text(log, record).toByteArray();
      byte[] length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(data.length).array();
      file.writeBytes(length);
      file.writeBytes(maskedCrc(length));
      file.writeBytes(data);
      file.writeBytes(maskedCrc(data));
    }
    Files.write(Files.createDirectories(dir.resolve("assets.extra")).resolve("tf_serving_warmup_requests"),
        file.toByteArray());
  }

  /** TFRecord's masked CRC-32C, little-endian (tensorflow/core/lib/hash/crc32c.h). */
  private static byte[] maskedCrc(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    int c = (int) crc.getValue();
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(((c >>> 15) | (c << 17)) + 0xa282ead8)
        .array();
  }

  private Path config(String... models) throws Exception {
    StringBuilder text = new StringBuilder("model_config_list {\n");
    for (String model : models) {
      text.append("  config { name: \"").append(model).append("\" base_path: \"")
          .append(this.models.resolve(model)).append("\" model_platform: \"tensorflow\" }\n");
    }
    return Files.writeString(this.models.resolve("models.config"), text.append("}\n"));
  }

  @Test
  void upstreamWarmupRecords_areReplayed_andTheVersionsServe() throws Exception {
    version("linear", "tf_linear", PREDICT_LOG, PREDICT_LOG);
    version("ex", "tf_example",
        "classify_log { request { " + EXAMPLE + " } }",
        "regress_log { request { model_spec { signature_name: \"regress\" } " + EXAMPLE + " } }",
        "multi_inference_log { request { tasks { model_spec { name: \"ex\" signature_name: \"scores_only\" }"
            + " method_name: \"tensorflow/serving/classify\" } " + EXAMPLE + " } }");
    try (TfServingRuntime runtime = new TfServingRuntime("--model_config_file", config("linear", "ex").toString())
        .awaitServing()) {
      assertEquals(3, runtime.tf().predict(PredictRequest.newBuilder()
          .setModelSpec(ModelSpec.newBuilder().setName("linear"))
          .putInputs("x", Tensors.floats(new long[] {1, 4}, 1, 2, 3, 4)).build()).getOutputsOrThrow("y")
          .getFloatValCount());
    }
  }

  @Test
  void aRecordOfAKindNotReplayed_failsTheVersion_namingTheRecord() throws Exception {
    version("linear", "tf_linear", PREDICT_LOG, "session_run_log { }");
    try (TfServingRuntime runtime = new TfServingRuntime("--model_config_file", config("linear").toString())) {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (runtime.runtime().state().snapshot().phase() == ServingState.Phase.LOADING) {
        assertTrue(System.nanoTime() < end, "still loading");
        Thread.sleep(20);
      }
      List<ModelVersionStatus> versions = runtime.models().getModelStatus(GetModelStatusRequest.newBuilder()
          .setModelSpec(ModelSpec.newBuilder().setName("linear")).build()).getModelVersionStatusList();
      assertEquals(ModelVersionStatus.State.END, versions.get(0).getState());
      String error = versions.get(0).getStatus().getErrorMessage();
      assertTrue(error.contains("warmup record 1 ") && error.contains("holds no predict"), error);
    }
  }
}
