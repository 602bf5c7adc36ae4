package org.modelrt.serving;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.modelrt.contract.Field;
import org.modelrt.contract.RequestValidator;
import org.modelrt.contract.Signature;
import org.modelrt.contract.TensorHeader;
import org.modelrt.contract.ValidatedInput;
import org.modelrt.engine.CallerDeadline;
import org.modelrt.engine.LoadedModel;
import org.modelrt.serving.codec.ResponseEncoding;
import org.modelrt.serving.codec.TensorCodec;
import org.modelrt.serving.codec.WireFormat;
import org.modelrt.serving.observe.CallRecord;

/**
 * The steps of one Predict, shared by every front and generation: admit, take the model version asked for, pick the
 * signature and outputs, validate the inputs from their headers, decode them into a request scope, run the model
 * (unless the caller gave up meanwhile), encode the outputs. Failures are thrown as the exception that names their
 * cause; fronts turn them into their statuses through {@link ServingFailures}.
 *
 * <p>Thread-safe. Each call owns its request scope and closes it before returning, which frees its inputs and outputs,
 * and holds its model version until then, so a version swapped out under load is unloaded only after its calls.
 */
public final class PredictPipeline {
  private final ModelRegistry registry;
  private final RequestValidator validator;
  private final InFlightLimit inFlight;
  private final ResponseEncoding encoding;

  /**
   * @param maxInFlight predicts at once before RESOURCE_EXHAUSTED
   * @param maxElements the largest element count of one input
   */
  public PredictPipeline(ModelRegistry registry, int maxInFlight, long maxElements, ResponseEncoding encoding) {
    this.registry = registry;
    this.validator = new RequestValidator(maxElements);
    this.inFlight = new InFlightLimit(maxInFlight);
    this.encoding = encoding;
  }

  /** The registry calls are served from. */
  public ModelRegistry registry() {
    return registry;
  }

  /**
   * Runs one Predict for a caller who may give up ({@code caller}: the front's deadline and cancellation).
   *
   * @throws RuntimeException the failure, for {@link ServingFailures#classify}
   */
  public <T> Prediction<T> predict(PredictCall<T> call, WireFormat<T> format, CallerDeadline caller) {
    return predict(call, format, caller, CallRecord.detached());
  }

  /**
   * {@link #predict(PredictCall, WireFormat, CallerDeadline)}, marking the model reached and the phase boundaries
   * (queue, decode, engine, encode) on the front's {@code record} for its metrics, access log and spans.
   */
  @SuppressWarnings("try") // the permit is held for the whole call and only closed
  public <T> Prediction<T> predict(PredictCall<T> call, WireFormat<T> format, CallerDeadline caller,
      CallRecord record) {
    record.entered(call.model().name());
    try (InFlightLimit.Permit permit = inFlight.acquire(); Lease lease = registry.acquire(call.model())) {
      return run(call, lease, format, caller, record);
    }
  }

  /**
   * {@link #predict(PredictCall, WireFormat, CallerDeadline, CallRecord)} on the version {@code lease} holds: a front
   * that had to take the version of {@code call.model()} before the call (TF Serving's JSON reader needs the
   * signature's dtypes to read the body) passes it on rather than taking it twice. The caller closes it.
   */
  @SuppressWarnings("try") // the permit is held for the whole call and only closed
  public <T> Prediction<T> predict(PredictCall<T> call, Lease lease, WireFormat<T> format, CallerDeadline caller,
      CallRecord record) {
    record.entered(call.model().name());
    try (InFlightLimit.Permit permit = inFlight.acquire()) {
      return run(call, lease, format, caller, record);
    }
  }

  private <T> Prediction<T> run(PredictCall<T> call, Lease lease, WireFormat<T> format, CallerDeadline caller,
      CallRecord record) {
    LoadedModel model = lease.loaded();
    record.acquired(lease.model(), lease.version(), model.engine().djlName());
    Signature signature = model.contract().select(call.signatureName());
    record.signature(signature.name());
    List<Integer> outputs = OutputSelection.select(signature, call.outputFilter());
    Map<String, TensorHeader> headers = headers(call.inputs(), format);
    List<ValidatedInput> inputs = validator.validate(lease.requests().select(signature.name()), headers);
    boolean asContent = encoding.useContent(anyContent(headers));
    try (NDManager scope = model.newRequestScope()) {
      NDList arrays = decode(inputs, call.inputs(), headers, format, scope);
      record.decoded();
      caller.throwIfGaveUp(); // before waiting for a predictor; the pool checks again once it has one
      NDList results = model.predict(signature, arrays, caller);
      record.ran();
      Map<String, T> encoded = encode(signature, outputs, results, asContent, format);
      record.encoded();
      return new Prediction<>(lease.model(), lease.version(), signature, encoded);
    }
  }

  private static <T> Map<String, TensorHeader> headers(Map<String, T> inputs, WireFormat<T> format) {
    Map<String, TensorHeader> headers = new LinkedHashMap<>();
    inputs.forEach((name, tensor) -> headers.put(name, format.header(tensor)));
    return headers;
  }

  private static boolean anyContent(Map<String, TensorHeader> headers) {
    for (TensorHeader h : headers.values()) {
      if (h.encoding() == TensorHeader.Encoding.CONTENT) {
        return true;
      }
    }
    return false;
  }

  private static <T> NDList decode(List<ValidatedInput> inputs, Map<String, T> tensors,
      Map<String, TensorHeader> headers, WireFormat<T> format, NDManager scope) {
    NDList arrays = new NDList(inputs.size());
    for (ValidatedInput input : inputs) {
      String name = input.field().name();
      arrays.add(TensorCodec.decode(format, tensors.get(name), headers.get(name), input, scope));
    }
    return arrays;
  }

  private static <T> Map<String, T> encode(Signature signature, List<Integer> selected, NDList results,
      boolean asContent, WireFormat<T> format) {
    List<Field> fields = signature.outputs();
    if (results.size() != fields.size()) {
      throw new IllegalStateException("the engine returned " + results.size() + " outputs for signature '"
          + signature.name() + "', the contract has " + fields.size());
    }
    Map<String, T> outputs = new LinkedHashMap<>();
    for (int i : selected) {
      outputs.put(fields.get(i).name(), TensorCodec.encode(format, results.get(i), fields.get(i), asContent));
    }
    return outputs;
  }
}
