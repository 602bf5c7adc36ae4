package org.modelrt.serving.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelrt.engine.EngineOptions;
import org.modelrt.engine.LoadedModel;
import org.modelrt.engine.ModelLoadException;
import org.modelrt.engine.ModelLoader;
import org.modelrt.fixtures.TestModels;
import org.modelrt.serving.ModelSource;
import org.modelrt.wire.tfserving.config.BatchingParameters;

/** The batching parameters: TF Serving's defaults and rules, and a version's own file. */
class BatchingConfigTest {

  @Test
  void tfServingsDefaultsFillWhatTheParametersLeaveOut() {
    BatchingConfig defaults = BatchingConfig.of(BatchingParameters.getDefaultInstance());
    assertEquals(new BatchingConfig(true, 1000, 0, 10, Runtime.getRuntime().availableProcessors(), List.of()),
        defaults);
    assertEquals(List.of(2L, 4L), new BatchingConfig(true, 8, 0, 1, 1, List.of(2L, 4L, 8L)).withMaxBatchSize(4)
        .allowedBatchSizes());
    assertEquals(4, new BatchingConfig(true, 8, 0, 1, 1, List.of(4L, 8L)).paddedSize(3));
    assertEquals(3, new BatchingConfig(true, 8, 0, 1, 1, List.of()).paddedSize(3));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new BatchingConfig(true, 8, 0, 1, 1, List.of(4L, 2L, 8L)));
    assertTrue(e.getMessage().contains("increasing"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new BatchingConfig(true, 0, 0, 1, 1, List.of()));
  }

  @Test
  void padVariableLengthInputs_isReadAndKept_andTurnsLargeBatchSplittingOff() {
    assertFalse(BatchingConfig.of(BatchingParameters.getDefaultInstance()).padVariableLengthInputs());
    BatchingConfig padded = BatchingConfig.of(BatchingParameters.newBuilder().setPadVariableLengthInputs(true)
        .setEnableLargeBatchSplitting(com.google.protobuf.BoolValue.of(true)).build());
    assertTrue(padded.padVariableLengthInputs());
    assertTrue(padded.withMaxBatchSize(4).withBatchTimeoutMicros(9).withPerModelFiles().padVariableLengthInputs());
    assertTrue(padded.largeBatchSplitting() && !padded.splitsLargeCalls(), "padded parts could not be joined");
    assertTrue(padded.withPadVariableLengthInputs(false).splitsLargeCalls());
  }

  @Test
  void offLeavesTheSourceAsItIs() {
    ModelSource source = ModelLoader::load;
    assertSame(source, BatchingConfig.OFF.wrap(source));
  }

  @Test
  void aVersionsOwnFileReplacesTheParameters_whenPerModelFilesAreOn(@TempDir Path tmp) throws Exception {
    Path own = TestModels.copyFiles("pt_linear", Files.createDirectories(tmp.resolve("own")));
    Files.createDirectories(own.resolve("assets.extra"));
    Files.writeString(own.resolve(BatchingConfig.PER_MODEL_FILE),
        "max_batch_size { value: 4 }\nallowed_batch_sizes: 2\nallowed_batch_sizes: 4\n");
    Path plain = TestModels.copyFiles("pt_linear", Files.createDirectories(tmp.resolve("plain")));
    BatchingConfig global = new BatchingConfig(true, 8, 0, 10, 1, List.of()).withPerModelFiles();

    assertEquals(List.of(4L), rowsRunFor(global, own, 3), "own file: 3 rows padded to 4");
    assertEquals(List.of(3L), rowsRunFor(global, plain, 3), "no file: the global parameters, no padding");
    assertEquals(List.of(3L), rowsRunFor(new BatchingConfig(true, 8, 0, 10, 1, List.of()), own, 3),
        "per-model files off: the file is not read");

    Files.writeString(own.resolve(BatchingConfig.PER_MODEL_FILE), "max_batch_size { value: 4 }\n"
        + "allowed_batch_sizes: 2\n");
    ModelLoadException e = assertThrows(ModelLoadException.class,
        () -> global.wrap(ModelLoader::load).load(own, EngineOptions.defaults()));
    assertTrue(e.getMessage().contains("batching_params.pbtxt") && e.getMessage().contains("allowed_batch_sizes"),
        e.getMessage());
  }

  /** The rows of each engine call (after the load's probe) for one call of {@code rows} rows. */
  private static List<Long> rowsRunFor(BatchingConfig config, Path dir, int rows) throws Exception {
    AtomicReference<RecordingModel> recording = new AtomicReference<>();
    ModelSource source = config.wrap((d, options) -> {
      recording.set(new RecordingModel(ModelLoader.load(d, options)));
      return recording.get();
    });
    try (LoadedModel model = source.load(dir, EngineOptions.defaults().withPredictors(1).withWarmupRuns(1));
        NDManager scope = model.newRequestScope()) {
      recording.get().forget();
      NDArray x = scope.create(new float[rows * 4], new Shape(rows, 4));
      NDList y = model.predict(model.contract().select(""), new NDList(x));
      assertEquals(rows, y.get(0).getShape().get(0));
      return recording.get().rows();
    }
  }
}
