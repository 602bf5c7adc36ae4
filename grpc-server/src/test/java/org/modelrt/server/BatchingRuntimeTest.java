package org.modelrt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelrt.engine.EngineOptions;
import org.modelrt.engine.LoadedModel;
import org.modelrt.engine.ModelLoader;
import org.modelrt.fixtures.TestModels;
import org.modelrt.server.testing.LoopbackRuntime;
import org.modelrt.server.testing.Tensors;
import org.modelrt.serving.ServingState;
import org.modelrt.serving.batching.BatchingConfig;
import org.modelrt.wire.tfserving.PredictRequest;
import org.modelrt.wire.tfserving.PredictResponse;
import picocli.CommandLine;

/** Batching switched on by the flags, and over gRPC with the real PyTorch engine. */
final class BatchingRuntimeTest {

  private static BatchingConfig batching(String... args) {
    CommandLineOptions options = new CommandLineOptions();
    new CommandLine(options).parseArgs(args);
    return options.toConfig().batching();
  }

  @Test
  void theFlags_turnBatchingOn_withTfServingsDefaultsOrTheFilesOrTheShortFlagsValues(@TempDir Path dir)
      throws Exception {
    assertEquals(BatchingConfig.OFF, batching());
    assertEquals(new BatchingConfig(true, 1000, 0, 10, Runtime.getRuntime().availableProcessors(), List.of()),
        batching("--enable_batching"));
    BatchingConfig shortFlags = batching("--max-batch-size", "32", "--batch-timeout-micros", "500");
    assertTrue(shortFlags.enabled());
    assertEquals(32, shortFlags.maxBatchSize());
    assertEquals(500, shortFlags.batchTimeoutMicros());

    Path file = Files.writeString(dir.resolve("batching.txt"), "max_batch_size { value: 8 }\n"
        + "batch_timeout_micros { value: 2000 }\nmax_enqueued_batches { value: 3 }\n"
        + "num_batch_threads { value: 1 }\nallowed_batch_sizes: 2\nallowed_batch_sizes: 8\n");
    assertEquals(new BatchingConfig(true, 8, 2000, 3, 1, List.of(2L, 8L)),
        batching("--enable_batching", "--batching_parameters_file", file.toString()));
    assertEquals(new BatchingConfig(true, 4, 2000, 3, 1, List.of(2L, 4L)), batching("--enable_batching",
        "--batching_parameters_file", file.toString(), "--max-batch-size", "4"), "the short flag wins");

    assertFalse(batching("--enable_batching").padVariableLengthInputs(), "TF Serving's default: no padding");
    Path padding = Files.writeString(dir.resolve("padding.txt"), "max_batch_size { value: 8 }\n"
        + "pad_variable_length_inputs: true\n");
    BatchingConfig padded = batching("--enable_batching", "--batching_parameters_file", padding.toString());
    assertTrue(padded.padVariableLengthInputs());
    assertTrue(batching("--batching_parameters_file", padding.toString(), "--max-batch-size", "4")
        .padVariableLengthInputs(), "kept under the short flags");

    assertTrue(batching("--enable_batching", "--enable_per_model_batching_params").perModelFiles());
    assertFalse(batching("--enable_batching").perModelFiles());

    Path bad = Files.writeString(dir.resolve("bad.txt"), "max_batch_size { value: 8 }\nallowed_batch_sizes: 4\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> batching("--enable_batching", "--batching_parameters_file", bad.toString()));
    assertTrue(e.getMessage().contains("allowed_batch_sizes"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> batching("--enable_batching", "--batching_parameters_file",
        dir.resolve("missing.txt").toString()));
  }

  /**
   * pad_variable_length_inputs over gRPC: test-models/pt_varlen ((y, z) = (2 x + 1, 3 ids + 1)) gets two calls of
   * different lengths in one batch (max_batch_size 2: the batch runs once both are in), and each caller gets its own
   * values padded as TF Serving pads, with its own first element, to the longer call's sizes.
   */
  @Test
  void withPadding_callsOfDifferentLengths_shareABatch_overGrpc() throws Exception {
    BatchingConfig config = new BatchingConfig(true, 2, 10_000_000, 10, 1, List.of())
        .withPadVariableLengthInputs(true);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (LoopbackRuntime runtime = LoopbackRuntime.start(TestModels.dir("pt_varlen"), ModelLoader::load, 8,
        config)) {
      ServingState.Snapshot settled = runtime.awaitSettled();
      assertEquals(ServingState.Phase.SERVING, settled.phase(), settled.message());
      Future<PredictResponse> shortCall = pool.submit(() -> runtime.tf().predict(PredictRequest.newBuilder()
          .putInputs("x", Tensors.floats(new long[] {1, 2}, 1.5f, -4f))
          .putInputs("ids", longs(new long[] {1, 1, 1}, 1L << 50)).build()));
      Future<PredictResponse> longCall = pool.submit(() -> runtime.tf().predict(PredictRequest.newBuilder()
          .putInputs("x", Tensors.floats(new long[] {1, 4}, 0f, 1f, 2f, 3f))
          .putInputs("ids", longs(new long[] {1, 1, 2}, -7L, 9L)).build()));
      PredictResponse shortAnswer = shortCall.get(60, TimeUnit.SECONDS);
      PredictResponse longAnswer = longCall.get(60, TimeUnit.SECONDS);

      var y = shortAnswer.getOutputsOrThrow("y");
      assertEquals(List.of(1L, 4L), dims(y), "padded to the longer call's length, and kept so");
      assertEquals(List.of(4f, -7f, 4f, 4f), y.getFloatValList(), "its own 2x + 1, then 2 * 1.5 + 1 for the padding");
      var z = shortAnswer.getOutputsOrThrow("z");
      assertEquals(List.of(1L, 1L, 2L), dims(z));
      assertEquals(List.of(3 * (1L << 50) + 1, 3 * (1L << 50) + 1), z.getInt64ValList(), "int64, exactly");

      assertEquals(List.of(1L, 4L), dims(longAnswer.getOutputsOrThrow("y")));
      assertEquals(List.of(1f, 3f, 5f, 7f), longAnswer.getOutputsOrThrow("y").getFloatValList(), "nothing padded");
      assertEquals(List.of(-20L, 28L), longAnswer.getOutputsOrThrow("z").getInt64ValList());
    } finally {
      pool.shutdownNow();
    }
  }

  private static org.modelrt.wire.tensor.TensorProto longs(long[] shape, long... values) {
    var t = org.modelrt.wire.tensor.TensorProto.newBuilder()
        .setDtypeValue(org.modelrt.contract.DType.INT64.wireNumber()).setTensorShape(Tensors.shape(shape));
    for (long v : values) {
      t.addInt64Val(v);
    }
    return t.build();
  }

  private static List<Long> dims(org.modelrt.wire.tensor.TensorProto t) {
    return t.getTensorShape().getDimList().stream().map(d -> d.getSize()).toList();
  }

  @Test
  void concurrentPredicts_overGrpc_eachGetTheirOwnRows() throws Exception {
    int calls = 32;
    List<float[]> inputs = new ArrayList<>();
    List<float[]> expected = new ArrayList<>();
    try (LoadedModel alone = ModelLoader.load(TestModels.dir("pt_linear"), EngineOptions.defaults().withPredictors(1));
        NDManager scope = alone.newRequestScope()) {
      Random random = new Random(7);
      for (int i = 0; i < calls; i++) {
        float[] x = new float[4 * (1 + i % 4)];
        for (int j = 0; j < x.length; j++) {
          x[j] = random.nextFloat() * 10 - 5;
        }
        inputs.add(x);
        NDArray array = scope.create(x, new Shape(x.length / 4, 4));
        expected.add(alone.predict(alone.contract().select(""), new NDList(array)).get(0).toFloatArray());
      }
    }
    BatchingConfig config = new BatchingConfig(true, 16, 2_000, 100, 2, List.of());
    ExecutorService pool = Executors.newFixedThreadPool(calls);
    try (LoopbackRuntime runtime = LoopbackRuntime.start(TestModels.dir("pt_linear"), ModelLoader::load, 64,
        config)) {
      ServingState.Snapshot settled = runtime.awaitSettled();
      assertEquals(ServingState.Phase.SERVING, settled.phase(), settled.message());
      CountDownLatch start = new CountDownLatch(1);
      List<Future<PredictResponse>> answers = new ArrayList<>();
      for (float[] x : inputs) {
        answers.add(pool.submit(() -> {
          start.await();
          return runtime.tf().predict(PredictRequest.newBuilder()
              .putInputs("x", Tensors.floats(new long[] {x.length / 4, 4}, x)).build());
        }));
      }
      start.countDown();
      for (int i = 0; i < calls; i++) {
        var y = answers.get(i).get(60, TimeUnit.SECONDS).getOutputsOrThrow("y");
        assertEquals(List.of((long) inputs.get(i).length / 4, 3L),
            y.getTensorShape().getDimList().stream().map(d -> d.getSize()).toList(), "caller " + i);
        for (int j = 0; j < expected.get(i).length; j++) {
          assertEquals(expected.get(i)[j], y.getFloatVal(j), 1e-4, "caller " + i + " value " + j);
        }
      }
      assertFalse(answers.isEmpty());
    } finally {
      pool.shutdownNow();
    }
  }
}
