package org.modelrt.serving;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.modelrt.contract.Contract;
import org.modelrt.engine.CallerDeadline;
import org.modelrt.engine.LoadedModel;
import org.modelrt.engine.ModelLoadException;
import org.modelrt.serving.codec.ResponseEncoding;
import org.modelrt.serving.codec.WireFormat;
import org.modelrt.serving.example.ExampleInference;
import org.modelrt.serving.example.ExampleTask;
import org.modelrt.wire.tfserving.InferenceTask;
import org.modelrt.wire.tfserving.ModelSpec;
import org.modelrt.wire.tfserving.PredictRequest;
import org.modelrt.wire.tfserving.PredictionLog;

/**
 * TF Serving's warmup: a version directory's {@code assets.extra/tf_serving_warmup_requests}, a TFRecord file of
 * PredictionLog records, is replayed once, in order, before the version takes calls (as saved_model_warmup.cc does
 * with one request iteration). Each request runs through the same predict and tf.Example paths as a caller's, on a
 * private registry holding only the version being loaded; a request's model name and version are ignored, as
 * upstream runs them on the bundle itself. Any failure (an unreadable or corrupt file, a record that is not a
 * PredictionLog of a replayable kind, a request the model refuses) fails the load, naming the record's index.
 * Stateless.
 */
final class WarmupReplay {
  /** Where TF Serving looks for the file, under the version directory. */
  static final String FILE = "assets.extra/tf_serving_warmup_requests";
  /** TF Serving's WarmupConsts::kMaxNumRecords. */
  static final int MAX_RECORDS = 1000;

  private WarmupReplay() {}

  /**
   * Replays the version's warmup file, if it has one.
   *
   * @return the number of records replayed (0 without a file)
   * @throws ModelLoadException when the file or one of its records fails
   */
  static int replay(ModelRegistry.Mode mode, ServableVersion version, LoadedModel loaded, Contract requests)
      throws ModelLoadException {
    Path file = version.dir().resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return 0;
    }
    List<byte[]> records;
    try {
      records = TfRecordReader.read(file, MAX_RECORDS);
    } catch (IOException e) {
      throw new ModelLoadException("warmup file " + file + " cannot be read: " + e.getMessage(), e);
    }
    PredictPipeline pipeline = privatePipeline(mode, version, loaded, requests);
    ExampleInference examples = new ExampleInference(pipeline);
    ModelRef self = ModelRef.latest(version.model());
    for (int index = 0; index < records.size(); index++) {
      PredictionLog log;
      try {
        log = PredictionLog.parseFrom(records.get(index));
      } catch (InvalidProtocolBufferException e) {
        throw failed(file, index, "is not a PredictionLog: " + e.getMessage(), e);
      }
      try {
        switch (log.getLogTypeCase()) {
          case PREDICT_LOG -> {
            PredictRequest request = log.getPredictLog().getRequest();
            pipeline.predict(new PredictCall<>(self, request.getModelSpec().getSignatureName(),
                request.getInputsMap(), request.getOutputFilterList()), WireFormat.TENSOR_PROTO, CallerDeadline.NONE);
          }
          case CLASSIFY_LOG -> examples.classify(self, log.getClassifyLog().getRequest().getModelSpec()
              .getSignatureName(), log.getClassifyLog().getRequest().getInput(), CallerDeadline.NONE);
          case REGRESS_LOG -> examples.regress(self, log.getRegressLog().getRequest().getModelSpec()
              .getSignatureName(), log.getRegressLog().getRequest().getInput(), CallerDeadline.NONE);
          case MULTI_INFERENCE_LOG -> examples.multiInference(log.getMultiInferenceLog().getRequest().getTasksList()
              .stream().map(t -> task(self, t)).toList(), log.getMultiInferenceLog().getRequest().getInput(),
              CallerDeadline.NONE);
          case LOGTYPE_NOT_SET -> throw failed(file, index, "holds no predict, classify, regress or "
              + "multi_inference log (session_run and predict_streamed logs are not replayed)", null);
        }
      } catch (ModelLoadException e) {
        throw e;
      } catch (RuntimeException e) {
        ServingException error = ServingFailures.classify(e, "warmup");
        throw failed(file, index, "(" + log.getLogTypeCase().name().toLowerCase(java.util.Locale.ROOT)
            + ") was refused: " + error.code() + ": " + error.getMessage(), e);
      }
    }
    return records.size();
  }

  /** A pipeline whose registry serves only this version, so warmup runs before the version is published. */
  private static PredictPipeline privatePipeline(ModelRegistry.Mode mode, ServableVersion version,
      LoadedModel loaded, Contract requests) {
    ModelRegistry registry = new ModelRegistry(mode, new ServingState("warming up"));
    ServableVersion own = new ServableVersion(version.model(), version.version(), version.dir());
    own.available(loaded, requests); // never retired: closing the model stays the caller's
    registry.addModel(version.model()).versions().put(version.version(), own);
    return new PredictPipeline(registry, 1, Long.MAX_VALUE, ResponseEncoding.TYPED);
  }

  private static ExampleTask task(ModelRef self, InferenceTask task) {
    ModelSpec spec = task.getModelSpec();
    return new ExampleTask(self, spec.getSignatureName(), task.getMethodName());
  }

  private static ModelLoadException failed(Path file, int index, String what, Throwable cause) {
    String message = "warmup record " + index + " of " + file + " " + what;
    return cause == null ? new ModelLoadException(message) : new ModelLoadException(message, cause);
  }
}
