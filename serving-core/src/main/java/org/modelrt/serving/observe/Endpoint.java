package org.modelrt.serving.observe;

/**
 * What a call was made to, resolved once per method so that no label is built per call. Immutable.
 *
 * @param protocol {@code grpc} or {@code rest} (modelrt's {@code protocol} label)
 * @param method the full method: {@code tensorflow.serving.PredictionService/Predict}, or the REST route
 * @param api TF Serving's {@code API} label: {@code Predict}, {@code GetModelMetadata}...; lowercase on REST as TF
 *     Serving does ({@code predict})
 * @param entrypoint TF Serving's {@code entrypoint} label: {@code GRPC} or {@code REST}
 */
public record Endpoint(String protocol, String method, String api, String entrypoint) {
  /** A gRPC method by its full name ({@code package.Service/Method}). */
  public static Endpoint grpc(String fullMethodName) {
    int slash = fullMethodName.lastIndexOf('/');
    return new Endpoint("grpc", fullMethodName, fullMethodName.substring(slash + 1), "GRPC");
  }

  /** A REST route, e.g. {@code rest("/v1/models/{model}:predict", "predict")}. */
  public static Endpoint rest(String route, String api) {
    return new Endpoint("rest", route, api, "REST");
  }

  /** The name of the call's span: OpenTelemetry's RPC convention {@code package.Service/Method}, or the route. */
  String spanName() {
    return method;
  }
}
