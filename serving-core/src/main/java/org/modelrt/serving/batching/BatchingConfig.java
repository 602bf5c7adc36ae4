package org.modelrt.serving.batching;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.modelrt.engine.LoadedModel;
import org.modelrt.engine.ModelLoadException;
import org.modelrt.serving.ModelSource;
import org.modelrt.serving.repository.ModelConfigException;
import org.modelrt.serving.repository.TextProtoFiles;
import org.modelrt.wire.tfserving.config.BatchingParameters;

/**
 * How (and whether) concurrent calls to one model version are batched: TF Serving's {@code BatchingParameters},
 * resolved. Immutable.
 *
 * @param enabled whether calls are batched at all ({@code --enable_batching})
 * @param maxBatchSize the most rows one engine call takes; a call with more runs alone
 * @param batchTimeoutMicros how long the first call of a batch waits for more before the batch runs anyway
 * @param maxEnqueuedBatches batches waiting at most; a call that needs one more is answered UNAVAILABLE
 * @param numBatchThreads threads running batches, per model version
 * @param allowedBatchSizes the sizes a batch is padded up to (increasing, the last equal to maxBatchSize); empty:
 *     batches run at their own size
 * @param largeBatchSplitting whether a call over max_batch_size rows is split into parts that batch with others
 *     (TF Serving's enable_large_batch_splitting), rather than run alone
 * @param perModelFiles whether a version directory's {@link #PER_MODEL_FILE} replaces these parameters for it
 *     ({@code --enable_per_model_batching_params})
 * @param padVariableLengthInputs TF Serving's pad_variable_length_inputs: calls whose inputs differ in dimensions
 *     other than the first share a batch, each input padded up to the batch's largest size in every such dimension
 *     ({@link Padding}); off, only calls whose inputs agree in them do
 */
public record BatchingConfig(boolean enabled, long maxBatchSize, long batchTimeoutMicros, long maxEnqueuedBatches,
    int numBatchThreads, List<Long> allowedBatchSizes, boolean largeBatchSplitting, boolean perModelFiles,
    boolean padVariableLengthInputs) {

  /** No batching: every call runs alone. */
  public static final BatchingConfig OFF = new BatchingConfig(false, 1, 0, 1, 1, List.of());
  /** A model's own BatchingParameters, relative to its version directory (TF Serving's place for them). */
  public static final String PER_MODEL_FILE = "assets.extra/batching_params.pbtxt";

  /** Without large-batch splitting, per-model files and padding. */
  public BatchingConfig(boolean enabled, long maxBatchSize, long batchTimeoutMicros, long maxEnqueuedBatches,
      int numBatchThreads, List<Long> allowedBatchSizes) {
    this(enabled, maxBatchSize, batchTimeoutMicros, maxEnqueuedBatches, numBatchThreads, allowedBatchSizes, false,
        false);
  }

  /** Without padding of variable-length inputs. */
  public BatchingConfig(boolean enabled, long maxBatchSize, long batchTimeoutMicros, long maxEnqueuedBatches,
      int numBatchThreads, List<Long> allowedBatchSizes, boolean largeBatchSplitting, boolean perModelFiles) {
    this(enabled, maxBatchSize, batchTimeoutMicros, maxEnqueuedBatches, numBatchThreads, allowedBatchSizes,
        largeBatchSplitting, perModelFiles, false);
  }

  public BatchingConfig {
    allowedBatchSizes = List.copyOf(allowedBatchSizes);
    require(maxBatchSize >= 1, "max_batch_size must be at least 1, got " + maxBatchSize);
    require(batchTimeoutMicros >= 0, "batch_timeout_micros must be 0 or more, got " + batchTimeoutMicros);
    require(maxEnqueuedBatches >= 1, "max_enqueued_batches must be at least 1, got " + maxEnqueuedBatches);
    require(numBatchThreads >= 1, "num_batch_threads must be at least 1, got " + numBatchThreads);
    for (int i = 0; i < allowedBatchSizes.size(); i++) {
      require(allowedBatchSizes.get(i) >= 1 && (i == 0 || allowedBatchSizes.get(i) > allowedBatchSizes.get(i - 1)),
          "allowed_batch_sizes must be positive and increasing, got " + allowedBatchSizes);
    }
    require(allowedBatchSizes.isEmpty() || allowedBatchSizes.get(allowedBatchSizes.size() - 1) == maxBatchSize,
        "the last of allowed_batch_sizes " + allowedBatchSizes + " must equal max_batch_size " + maxBatchSize);
  }

  /**
   * TF Serving's batching from its parameters, its defaults for what they leave unset (BasicBatchScheduler's:
   * max_batch_size 1000, batch_timeout_micros 0, max_enqueued_batches 10, one batch thread per core; padding of
   * variable-length inputs off). max_execution_batch_size is not read: split parts have max_batch_size rows at most.
   *
   * @throws IllegalArgumentException naming the field that is out of range
   */
  public static BatchingConfig of(BatchingParameters p) {
    return new BatchingConfig(true,
        p.hasMaxBatchSize() ? p.getMaxBatchSize().getValue() : 1000,
        p.hasBatchTimeoutMicros() ? p.getBatchTimeoutMicros().getValue() : 0,
        p.hasMaxEnqueuedBatches() ? p.getMaxEnqueuedBatches().getValue() : 10,
        p.hasNumBatchThreads() ? Math.toIntExact(p.getNumBatchThreads().getValue())
            : Runtime.getRuntime().availableProcessors(),
        p.getAllowedBatchSizesList(),
        p.hasEnableLargeBatchSplitting() && p.getEnableLargeBatchSplitting().getValue(), false,
        p.getPadVariableLengthInputs());
  }

  /** This, with another max_batch_size (allowed sizes above it dropped, and it appended when they were given). */
  public BatchingConfig withMaxBatchSize(long size) {
    List<Long> allowed = allowedBatchSizes;
    if (!allowed.isEmpty()) {
      allowed = new java.util.ArrayList<>(allowed.stream().filter(s -> s < size).toList());
      allowed.add(size);
    }
    return new BatchingConfig(enabled, size, batchTimeoutMicros, maxEnqueuedBatches, numBatchThreads, allowed,
        largeBatchSplitting, perModelFiles, padVariableLengthInputs);
  }

  /** This, with another batch_timeout_micros. */
  public BatchingConfig withBatchTimeoutMicros(long micros) {
    return new BatchingConfig(enabled, maxBatchSize, micros, maxEnqueuedBatches, numBatchThreads, allowedBatchSizes,
        largeBatchSplitting, perModelFiles, padVariableLengthInputs);
  }

  /** This, with each version's {@link #PER_MODEL_FILE} (when it has one) in place of these parameters. */
  public BatchingConfig withPerModelFiles() {
    return new BatchingConfig(enabled, maxBatchSize, batchTimeoutMicros, maxEnqueuedBatches, numBatchThreads,
        allowedBatchSizes, largeBatchSplitting, true, padVariableLengthInputs);
  }

  /** This, with pad_variable_length_inputs on or off. */
  public BatchingConfig withPadVariableLengthInputs(boolean pad) {
    return new BatchingConfig(enabled, maxBatchSize, batchTimeoutMicros, maxEnqueuedBatches, numBatchThreads,
        allowedBatchSizes, largeBatchSplitting, perModelFiles, pad);
  }

  /**
   * Whether a call of more rows than max_batch_size is split into parts that batch with others. Not with padding:
   * parts padded in different batches would give rows of different lengths, which cannot be joined into one tensor
   * (TF Serving's join, tensor::Concat, fails the call then); such a call runs alone instead.
   */
  boolean splitsLargeCalls() {
    return largeBatchSplitting && !padVariableLengthInputs;
  }

  /** The smallest allowed size holding {@code rows} (rows themselves when no sizes are given). */
  long paddedSize(long rows) {
    for (long size : allowedBatchSizes) {
      if (size >= rows) {
        return size;
      }
    }
    return rows;
  }

  /** {@code source}, with each model it loads batched when this is enabled; {@code source} itself otherwise. */
  public ModelSource wrap(ModelSource source) {
    if (!enabled) {
      return source;
    }
    return (dir, options) -> {
      BatchingConfig config = forVersion(dir);
      LoadedModel loaded = source.load(dir, options);
      try {
        return BatchingModel.over(loaded, config, "model version " + dir);
      } catch (RuntimeException e) {
        loaded.close();
        throw e;
      }
    };
  }

  /** The parameters of the version in {@code dir}: its own file's (TF Serving's defaults for what it leaves out). */
  private BatchingConfig forVersion(Path dir) throws ModelLoadException {
    Path file = dir.resolve(PER_MODEL_FILE);
    if (!perModelFiles || !Files.isRegularFile(file)) {
      return this;
    }
    try {
      return of(TextProtoFiles.readBatchingParameters(file));
    } catch (ModelConfigException | IllegalArgumentException e) {
      throw new ModelLoadException(file + ": " + e.getMessage(), e);
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
