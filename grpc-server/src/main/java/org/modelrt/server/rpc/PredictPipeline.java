package org.modelrt.server.rpc;

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
import org.modelrt.engine.LoadedModel;
import org.modelrt.serving.codec.ResponseEncoding;
import org.modelrt.serving.codec.TensorCodec;
import org.modelrt.serving.codec.WireFormat;

/**
 * The steps of one Predict, shared by every generation: admit, pick the signature and outputs, validate the inputs
 * from their headers, decode them into a request scope, run the model (unless the call was cancelled or its deadline
 * passed meanwhile), encode the outputs. Failures are thrown as the exception that names their cause; the services
 * turn them into gRPC statuses through {@link StatusMapper}.
 *
 * <p>Thread-safe. Each call owns its request scope and closes it before returning, which frees its inputs and outputs.
 */
final class PredictPipeline {
  private final ServingState state;
  private final RequestValidator validator;
  private final InFlightLimit inFlight;
  private final ResponseEncoding encoding;

  PredictPipeline(ServingState state, RequestValidator validator, InFlightLimit inFlight, ResponseEncoding encoding) {
    this.state = state;
    this.validator = validator;
    this.inFlight = inFlight;
    this.encoding = encoding;
  }

  @SuppressWarnings("try") // the permit is held for the whole call and only closed
  <T> Prediction<T> predict(PredictCall<T> call, WireFormat<T> format) {
    try (InFlightLimit.Permit permit = inFlight.acquire()) {
      LoadedModel model = state.requireModel();
      Signature signature = model.contract().select(call.signatureName());
      List<Integer> outputs = OutputSelection.select(signature, call.outputFilter());
      Map<String, TensorHeader> headers = headers(call.inputs(), format);
      List<ValidatedInput> inputs = validator.validate(signature, headers);
      boolean asContent = encoding.useContent(anyContent(headers));
      ContextDeadline caller = ContextDeadline.current();
      try (NDManager scope = model.newRequestScope()) {
        NDList arrays = decode(inputs, call.inputs(), headers, format, scope);
        caller.throwIfGaveUp(); // before waiting for a predictor; the pool checks again once it has one
        NDList results = model.predict(signature, arrays, caller);
        return new Prediction<>(signature, encode(signature, outputs, results, asContent, format));
      }
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
