package org.modelrt.bench.load;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.SettableFuture;
import io.grpc.Status;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.modelrt.wire.tensor.TensorProto;

/**
 * TF Serving's REST predict as a {@link PredictTarget}: {@code POST /v1/models/{m}:predict} with the request's tensors
 * in the columnar form ({@code {"signature_name": ..., "inputs": {name: nested list}}}), built once from the same
 * TensorProtos the gRPC target sends, over java.net.http (HTTP/1.1 keep-alive, one connection per outstanding call).
 * A non-200 answer fails the call with the gRPC code TF Serving's HTTP status stands for, so the sweep counts it
 * like a gRPC error. Thread-safe.
 */
final class RestTarget {
  private RestTarget() {}

  static PredictTarget of(String target, RequestSpec spec, String modelName, long deadlineMillis) {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + target + "/v1/models/" + modelName
            + ":predict"))
        .timeout(Duration.ofMillis(deadlineMillis))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body(spec))).build();
    return () -> {
      SettableFuture<Object> done = SettableFuture.create();
      client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, failure) -> {
        if (failure != null) {
          done.setException(Status.UNAVAILABLE.withDescription(failure.toString()).asRuntimeException());
        } else if (response.statusCode() != 200) {
          done.setException(code(response.statusCode()).withDescription(new String(response.body(),
              java.nio.charset.StandardCharsets.UTF_8)).asRuntimeException());
        } else {
          done.set(response);
        }
      });
      return done;
    };
  }

  /** The columnar JSON body of {@code spec}. */
  static String body(RequestSpec spec) {
    if (spec.asContent()) {
      throw new IllegalArgumentException("--content does not apply to --protocol rest: JSON carries values");
    }
    StringBuilder json = new StringBuilder("{");
    if (!spec.signature().isEmpty()) {
      json.append("\"signature_name\": \"").append(spec.signature()).append("\", ");
    }
    json.append("\"inputs\": {");
    boolean first = true;
    for (Map.Entry<String, TensorProto> input : spec.g2("").getInputsMap().entrySet()) {
      json.append(first ? "" : ", ").append('"').append(input.getKey()).append("\": ");
      TensorProto t = input.getValue();
      int[] next = {0};
      values(json, t, 0, next);
      first = false;
    }
    return json.append("}}").toString();
  }

  private static void values(StringBuilder json, TensorProto t, int dim, int[] next) {
    if (dim == t.getTensorShape().getDimCount()) {
      int i = next[0]++;
      switch (t.getDtype()) {
        case DT_FLOAT -> json.append(t.getFloatVal(i));
        case DT_DOUBLE -> json.append(t.getDoubleVal(i));
        case DT_INT64 -> json.append(t.getInt64Val(i));
        case DT_BOOL -> json.append(t.getBoolVal(i));
        case DT_STRING -> json.append("{\"b64\": \"")
            .append(Base64.getEncoder().encodeToString(t.getStringVal(i).toByteArray())).append("\"}");
        default -> json.append(t.getIntVal(i));
      }
      return;
    }
    json.append('[');
    for (long k = 0; k < t.getTensorShape().getDim(dim).getSize(); k++) {
      json.append(k == 0 ? "" : ", ");
      values(json, t, dim + 1, next);
    }
    json.append(']');
  }

  /** The gRPC code of a TF Serving HTTP status (http_server.cc's map, inverted). */
  private static Status code(int http) {
    return switch (http) {
      case 400 -> Status.INVALID_ARGUMENT;
      case 404 -> Status.NOT_FOUND;
      case 429 -> Status.RESOURCE_EXHAUSTED;
      case 499 -> Status.CANCELLED;
      case 501 -> Status.UNIMPLEMENTED;
      case 503 -> Status.UNAVAILABLE;
      case 504 -> Status.DEADLINE_EXCEEDED;
      default -> Status.INTERNAL;
    };
  }
}
