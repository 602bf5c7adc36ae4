package org.modelrt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Int64Value;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelrt.engine.ModelLoader;
import org.modelrt.fixtures.TestModels;
import org.modelrt.server.testing.Tensors;
import org.modelrt.wire.tensor.DataType;
import org.modelrt.wire.tfserving.GetModelStatusRequest;
import org.modelrt.wire.tfserving.GetModelStatusResponse;
import org.modelrt.wire.tfserving.ModelSpec;
import org.modelrt.wire.tfserving.ModelVersionStatus;
import org.modelrt.wire.tfserving.PredictRequest;
import org.modelrt.wire.tfserving.PredictResponse;
import org.modelrt.wire.tfserving.ReloadConfigRequest;
import org.modelrt.wire.tfserving.config.ModelConfig;
import org.modelrt.wire.tfserving.config.ModelConfigList;
import org.modelrt.wire.tfserving.config.ModelServerConfig;

/**
 * TF Serving mode end to end with real engines: a model config file, version directories, version policies and
 * labels, GetModelStatus, a version rolled in under concurrent load with no failed call, a config reload, and the
 * start-up mistakes that stop the process with one line.
 */
final class TfServingModeTest {
  /** tf_linear's y for x = [1, 2, 3, 4], by hand from the fixture's weights (TfLinearFixture). */
  private static final float[] TF_LINEAR_Y = {-1.0f, 8.625f, -2.625f};
  /** pt_linear's y for x = [1, 2, 3, 4] (test-models/pt_linear/expected.json). */
  private static final float[] PT_LINEAR_Y = {-2.6514198f, 1.3004983f, -0.8323214f};

  @TempDir Path models;

  private Path version(String model, long version, String fixture) throws Exception {
    Path staging = Files.createDirectories(models.resolve(model).resolve(version + ".tmp"));
    TestModels.copyFiles(fixture, staging);
    // "copy elsewhere, then rename in": the poll never sees a half-written version
    return Files.move(staging, models.resolve(model).resolve(Long.toString(version)));
  }

  private Path config(String text) throws Exception {
    return Files.writeString(models.resolve("models.config"), text);
  }

  private static PredictRequest x1234(ModelSpec spec) {
    return PredictRequest.newBuilder().setModelSpec(spec)
        .putInputs("x", Tensors.floats(new long[] {1, 4}, 1, 2, 3, 4)).build();
  }

  private static ModelSpec named(String name) {
    return ModelSpec.newBuilder().setName(name).build();
  }

  private static void assertY(float[] expected, PredictResponse response) {
    List<Float> y = response.getOutputsOrThrow("y").getFloatValList();
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], y.get(i), 1e-5, "y[" + i + "]");
    }
  }

  @Test
  void aConfigFile_servesEachModelByName_andEachAnswerNamesTheVersionThatRan() throws Exception {
    version("tf_linear", 1, "tf_linear");
    version("tf_linear", 2, "tf_linear");
    version("pt_linear", 7, "pt_linear");
    version("onnx_linear", 3, "onnx_linear");
    Path file = config("""
        model_config_list {
          config {
            name: "tf_linear" base_path: "%s" model_platform: "tensorflow"
            model_version_policy { specific { versions: 1 versions: 2 } }
            version_labels { key: "stable" value: 1 }
            version_labels { key: "canary" value: 2 }
          }
          config { name: "pt_linear" base_path: "%s" model_platform: "pytorch" }
          config { name: "onnx_linear" base_path: "%s" model_platform: "onnx" }
        }
        """.formatted(models.resolve("tf_linear"), models.resolve("pt_linear"), models.resolve("onnx_linear")));
    try (TfServingRuntime runtime = new TfServingRuntime("--model_config_file", file.toString()).awaitServing()) {
      PredictResponse tf = runtime.tf().predict(x1234(named("tf_linear")));
      assertY(TF_LINEAR_Y, tf);
      assertEquals(ModelSpec.newBuilder().setName("tf_linear").setVersion(Int64Value.of(2))
          .setSignatureName("serving_default").build(), tf.getModelSpec());
      assertY(PT_LINEAR_Y, runtime.tf().predict(x1234(named("pt_linear"))));
      assertEquals(7, runtime.tf().predict(x1234(named("pt_linear"))).getModelSpec().getVersion().getValue());
      assertY(PT_LINEAR_Y, runtime.tf().predict(x1234(named("onnx_linear")))); // the same weights as pt_linear

      ModelSpec one = named("tf_linear").toBuilder().setVersion(Int64Value.of(1)).build();
      ModelSpec stable = named("tf_linear").toBuilder().setVersionLabel("stable").build();
      ModelSpec canary = named("tf_linear").toBuilder().setVersionLabel("canary").build();
      assertEquals(1, runtime.tf().predict(x1234(one)).getModelSpec().getVersion().getValue());
      assertEquals(1, runtime.tf().predict(x1234(stable)).getModelSpec().getVersion().getValue());
      assertEquals(2, runtime.tf().predict(x1234(canary)).getModelSpec().getVersion().getValue());

      GetModelStatusResponse status = runtime.models().getModelStatus(
          GetModelStatusRequest.newBuilder().setModelSpec(named("tf_linear")).build());
      assertEquals(List.of(2L, 1L), status.getModelVersionStatusList().stream().map(ModelVersionStatus::getVersion)
          .toList());
      for (ModelVersionStatus v : status.getModelVersionStatusList()) {
        assertEquals(ModelVersionStatus.State.AVAILABLE, v.getState());
        assertEquals(org.modelrt.wire.tfserving.error.Code.OK, v.getStatus().getErrorCode());
      }
      GetModelStatusResponse labeled = runtime.models().getModelStatus(
          GetModelStatusRequest.newBuilder().setModelSpec(canary).build());
      assertEquals(List.of(2L), labeled.getModelVersionStatusList().stream().map(ModelVersionStatus::getVersion)
          .toList(), "a label's status is the version it is on");
    }
  }

  @Test
  void unknownModelsVersionsAndLabels_areNotFound_namingWhatWasAskedAndWhatIsServed() throws Exception {
    version("pt_linear", 1, "pt_linear");
    try (TfServingRuntime runtime = new TfServingRuntime("--model_name", "pt_linear", "--model_base_path",
        models.resolve("pt_linear").toString()).awaitServing()) {
      assertNotFound("Servable not found for request: Latest(resnet); this server serves ['pt_linear']",
          () -> runtime.tf().predict(x1234(named("resnet"))));
      assertNotFound("Servable not found for request: Specific(pt_linear, 9); model 'pt_linear' has the available "
          + "versions [1]", () -> runtime.tf().predict(x1234(named("pt_linear").toBuilder()
          .setVersion(Int64Value.of(9)).build())));
      assertNotFound("Servable not found for request: Labeled(pt_linear, stable); model 'pt_linear' has no version "
          + "labels", () -> runtime.tf().predict(x1234(named("pt_linear").toBuilder().setVersionLabel("stable")
          .build())));
      assertNotFound("Servable not found for request: Latest(resnet); this server serves ['pt_linear']",
          () -> runtime.models().getModelStatus(GetModelStatusRequest.newBuilder().setModelSpec(named("resnet"))
              .build()));
    }
  }

  @Test
  void shapesAreTheEnginesBusiness_asInTfServing_butNamesAndDtypesAreStillChecked() throws Exception {
    version("sum", 1, "tf_multisig");
    try (TfServingRuntime runtime = new TfServingRuntime("--model_name", "sum", "--model_base_path",
        models.resolve("sum").toString()).awaitServing()) {
      // The contract says a, b: DT_FLOAT [-1]; TensorFlow adds [3,1] tensors as well (Hydrosphere mode refuses them).
      PredictRequest columns = PredictRequest.newBuilder()
          .setModelSpec(named("sum").toBuilder().setSignatureName("add"))
          .putInputs("a", Tensors.floats(new long[] {3, 1}, 1, 2, 5))
          .putInputs("b", Tensors.floats(new long[] {3, 1}, 0.5f, 0.5f, 0.5f)).build();
      PredictResponse sum = runtime.tf().predict(columns);
      assertEquals(List.of(1.5f, 2.5f, 5.5f), sum.getOutputsOrThrow("sum").getFloatValList());
      assertEquals(List.of(3L, 1L), sum.getOutputsOrThrow("sum").getTensorShape().getDimList().stream()
          .map(d -> d.getSize()).toList());

      PredictRequest doubles = columns.toBuilder().putInputs("b", columns.getInputsOrThrow("b").toBuilder()
          .setDtype(DataType.DT_DOUBLE).clearFloatVal().addDoubleVal(1).addDoubleVal(2).addDoubleVal(3).build())
          .build();
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> runtime.tf().predict(doubles));
      assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
      assertTrue(e.getStatus().getDescription().contains("'b'"), e.getStatus().getDescription());
    }
  }

  @Test
  void aNewVersionRollsIn_underConcurrentLoad_withNoFailedCall_andTheOldOneIsUnloaded() throws Exception {
    version("live", 1, "pt_linear");
    try (TfServingRuntime runtime = new TfServingRuntime("--model_name", "live", "--model_base_path",
        models.resolve("live").toString(), "--file_system_poll_wait_seconds", "1").awaitServing()) {
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicInteger calls = new AtomicInteger();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Set<Long> versionsSeen = ConcurrentHashMap.newKeySet();
      List<Thread> callers = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Thread caller = new Thread(() -> {
          while (running.get() && failure.get() == null) {
            try {
              PredictResponse r = runtime.tf().predict(x1234(named("live")));
              assertY(PT_LINEAR_Y, r);
              versionsSeen.add(r.getModelSpec().getVersion().getValue());
              calls.incrementAndGet();
            } catch (Throwable t) {
              failure.compareAndSet(null, t);
            }
          }
        });
        caller.start();
        callers.add(caller);
      }
      Thread.sleep(300);
      version("live", 2, "onnx_linear"); // the same weights, another engine: answers must not change
      long end = System.nanoTime() + 60_000_000_000L;
      while (!versionsSeen.contains(2L) && System.nanoTime() < end && failure.get() == null) {
        Thread.sleep(20);
      }
      Thread.sleep(500); // calls keep coming after the swap
      running.set(false);
      for (Thread caller : callers) {
        caller.join();
      }

      assertEquals(null, failure.get(), "a call failed across the swap");
      assertEquals(Set.of(1L, 2L), versionsSeen);
      assertTrue(calls.get() > 50, calls.get() + " calls");
      awaitStatus(runtime, "live", List.of(2L));
    }
  }

  @Test
  void handleReloadConfigRequest_swapsTheModelsServed() throws Exception {
    version("pt_linear", 1, "pt_linear");
    version("onnx_linear", 1, "onnx_linear");
    try (TfServingRuntime runtime = new TfServingRuntime("--model_name", "pt_linear", "--model_base_path",
        models.resolve("pt_linear").toString()).awaitServing()) {
      ModelServerConfig onlyOnnx = ModelServerConfig.newBuilder().setModelConfigList(ModelConfigList.newBuilder()
          .addConfig(ModelConfig.newBuilder().setName("onnx_linear")
              .setBasePath(models.resolve("onnx_linear").toString()))).build();

      runtime.models().handleReloadConfigRequest(ReloadConfigRequest.newBuilder().setConfig(onlyOnnx).build());

      runtime.awaitServing();
      long end = System.nanoTime() + 60_000_000_000L;
      while (System.nanoTime() < end) {
        try {
          assertY(PT_LINEAR_Y, runtime.tf().predict(x1234(named("onnx_linear"))));
          break;
        } catch (StatusRuntimeException notYet) {
          Thread.sleep(20);
        }
      }
      assertY(PT_LINEAR_Y, runtime.tf().predict(x1234(named("onnx_linear"))));
      assertNotFound("Servable not found for request: Latest(pt_linear); this server serves ['onnx_linear']",
          () -> runtime.tf().predict(x1234(named("pt_linear"))));

      ModelServerConfig duplicate = onlyOnnx.toBuilder().setModelConfigList(onlyOnnx.getModelConfigList()
          .toBuilder().addConfig(onlyOnnx.getModelConfigList().getConfig(0))).build();
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> runtime.models()
          .handleReloadConfigRequest(ReloadConfigRequest.newBuilder().setConfig(duplicate).build()));
      assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
      assertTrue(e.getStatus().getDescription().contains("listed twice"), e.getStatus().getDescription());
    }
  }

  @Test
  void theConfigFile_isReadAgainEveryPollPeriod_andAChangeIsApplied_whileABrokenEditIsIgnored() throws Exception {
    version("pt_linear", 1, "pt_linear");
    version("onnx_linear", 1, "onnx_linear");
    String pt = "config { name: \"pt_linear\" base_path: \"" + models.resolve("pt_linear") + "\" }";
    String onnx = "config { name: \"onnx_linear\" base_path: \"" + models.resolve("onnx_linear") + "\" }";
    Path file = config("model_config_list { " + pt + " }");
    try (TfServingRuntime runtime = new TfServingRuntime("--model_config_file", file.toString(),
        "--model_config_file_poll_wait_seconds", "1").awaitServing()) {
      Files.writeString(file, "model_config_list { " + pt + " config { name: ");  // half-saved: ignored
      Thread.sleep(1500);
      assertY(PT_LINEAR_Y, runtime.tf().predict(x1234(named("pt_linear"))));

      Files.writeString(file, "model_config_list { " + pt + " " + onnx + " }");
      long end = System.nanoTime() + 60_000_000_000L;
      PredictResponse onnxAnswer = null;
      while (onnxAnswer == null && System.nanoTime() < end) {
        try {
          onnxAnswer = runtime.tf().predict(x1234(named("onnx_linear")));
        } catch (StatusRuntimeException notYet) {
          Thread.sleep(50);
        }
      }
      assertTrue(onnxAnswer != null, "onnx_linear was never served");
      assertY(PT_LINEAR_Y, onnxAnswer);
      assertY(PT_LINEAR_Y, runtime.tf().predict(x1234(named("pt_linear"))));
    }
  }

  @Test
  void startupMistakes_exitTwo_withOneLineNamingTheThing() throws Exception {
    Path bad = config("model_config_list {\n  config { name: \"a\" base_path: \"/m\" }\n  config { nme: \"b\" }\n}\n");
    assertOneLine(bad + ":3:12", "--model_config_file", bad.toString());

    Path missing = models.resolve("nowhere");
    assertOneLine(missing.toString(), "--model_name", "m", "--model_base_path", missing.toString());

    Path empty = Files.createDirectories(models.resolve("empty"));
    Files.createDirectories(empty.resolve("not-a-version"));
    assertOneLine("no version directory under " + empty, "--model_name", "m", "--model_base_path",
        empty.toString());
  }

  private static void assertOneLine(String expectedPart, String... args) {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int status;
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      status = Main.run(args, ModelLoader::load);
    } finally {
      System.setErr(err);
    }
    String text = captured.toString(StandardCharsets.UTF_8);
    assertEquals(2, status, text);
    // Log lines may come before it (the INFO line for a directory that is not a version); never a stack trace.
    assertTrue(text.lines().noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception")), text);
    List<String> lines = text.lines().filter(l -> l.startsWith("modelrt: ")).toList();
    assertEquals(1, lines.size(), text);
    assertTrue(lines.get(0).contains(expectedPart), text);
  }

  private static void assertNotFound(String message, org.junit.jupiter.api.function.Executable call) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
    assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode(), e.getStatus().toString());
    assertEquals(message, e.getStatus().getDescription());
  }

  private static void awaitStatus(TfServingRuntime runtime, String model, List<Long> versions) throws Exception {
    long end = System.nanoTime() + 30_000_000_000L;
    List<Long> seen = List.of();
    while (System.nanoTime() < end) {
      seen = runtime.models().getModelStatus(GetModelStatusRequest.newBuilder().setModelSpec(named(model)).build())
          .getModelVersionStatusList().stream().map(ModelVersionStatus::getVersion).toList();
      if (seen.equals(versions)) {
        return;
      }
      Thread.sleep(20);
    }
    assertEquals(versions, seen);
  }
}
