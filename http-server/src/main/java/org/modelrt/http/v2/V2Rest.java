package org.modelrt.http.v2;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.modelrt.contract.InvalidRequestException;
import org.modelrt.engine.CallerDeadline;
import org.modelrt.http.HttpFront;
import org.modelrt.http.HttpStatuses;
import org.modelrt.serving.Lease;
import org.modelrt.serving.ModelRef;
import org.modelrt.serving.ModelRegistry;
import org.modelrt.serving.PredictCall;
import org.modelrt.serving.PredictPipeline;
import org.modelrt.serving.Prediction;
import org.modelrt.serving.ServingException;
import org.modelrt.serving.ServingFailures;
import org.modelrt.serving.ServingState;
import org.modelrt.serving.codec.WireFormat;
import org.modelrt.serving.v2.V2DataType;
import org.modelrt.serving.v2.V2Metadata;
import org.modelrt.serving.v2.V2Refs;
import org.modelrt.wire.tensor.TensorProto;

/**
 * The v2 REST API (Open Inference Protocol) of the HTTP front: a method, a path, the
 * {@code Inference-Header-Content-Length} header and a body in, a status, headers and a body out, over the core's
 * {@link PredictPipeline} like every other front; {@link #mount()} serves it under {@code /v2} on {@link HttpFront}.
 * Routes: {@code GET /v2}, {@code /v2/health/live}, {@code /v2/health/ready}, {@code /v2/models/{m}[/versions/{v}]},
 * {@code .../ready}, and {@code POST .../infer} (a JSON body, the binary extension's JSON header and binary data,
 * or its raw binary request: {@link V2RawRequest}). Failures are {@code {"error": ...}} with Triton's HTTP codes
 * ({@link HttpStatuses#v2}). Thread-safe.
 */
public final class V2Rest {
  /** The binary tensor data extension is served on REST. */
  public static final List<String> EXTENSIONS = List.of("binary_tensor_data");
  /** The request and response header of the binary extension. */
  public static final String HEADER_LENGTH = "Inference-Header-Content-Length";

  private static final Pattern MODEL =
      Pattern.compile("/v2/models/([^/]+)(?:/versions/([^/]+))?(/ready|/infer)?/?");

  private final PredictPipeline pipeline;
  private final ModelRegistry registry;
  private final String serverVersion;

  /**
   * A response.
   *
   * @param headers extra headers ({@link #HEADER_LENGTH} when binary data follows the JSON)
   */
  public record Response(int status, String contentType, Map<String, String> headers, byte[] body) {
    static Response json(int status, byte[] body) {
      return new Response(status, "application/json", Map.of(), body);
    }
  }

  public V2Rest(PredictPipeline pipeline, String serverVersion) {
    this.pipeline = pipeline;
    this.registry = pipeline.registry();
    this.serverVersion = serverVersion;
  }

  /** This API as the HTTP front's mount under {@code /v2}, reading the binary extension's header. */
  public HttpFront.Mount mount() {
    return (method, path, headers, body, caller) -> {
      Response r = handle(method, path, headerLength(headers.get(HEADER_LENGTH)), body, caller);
      return new HttpFront.Reply(r.status(), r.contentType(), r.headers(), r.body());
    };
  }

  /**
   * Answers one request.
   *
   * @param path the request path without the query string
   * @param headerLength the {@code Inference-Header-Content-Length} header's value, -1 when absent
   */
  public Response handle(String method, String path, int headerLength, byte[] body, CallerDeadline caller) {
    try {
      if (path.equals("/v2") || path.equals("/v2/")) {
        requireGet(method);
        return Response.json(200, V2JsonWriter.serverMetadata(V2Metadata.SERVER_NAME, serverVersion, EXTENSIONS));
      } else if (path.equals("/v2/health/live")) {
        requireGet(method);
        return Response.json(200, V2JsonWriter.live(true));
      } else if (path.equals("/v2/health/ready")) {
        requireGet(method);
        boolean ready = registry.state().snapshot().phase() == ServingState.Phase.SERVING;
        return Response.json(ready ? 200 : 503, V2JsonWriter.ready(ready));
      }
      Matcher m = MODEL.matcher(path);
      if (!m.matches()) {
        return Response.json(404, V2JsonWriter.error("no v2 route for " + path));
      }
      String name = decode(m.group(1));
      ModelRef ref = V2Refs.ref(name, m.group(2) == null ? "" : decode(m.group(2)));
      String action = m.group(3) == null ? "" : m.group(3);
      if (action.equals("/infer")) {
        if (!method.equals("POST")) {
          return Response.json(405, V2JsonWriter.error("infer takes POST, received " + method));
        }
        return infer(ref, headerLength, body, caller);
      }
      requireGet(method);
      if (action.equals("/ready")) {
        boolean ready = V2Metadata.ready(registry, ref);
        return Response.json(ready ? 200 : 503, V2JsonWriter.modelReady(name, ready));
      }
      try (Lease lease = registry.acquire(ref)) {
        return Response.json(200, V2JsonWriter.modelMetadata(V2Metadata.of(registry, lease, "")));
      }
    } catch (MethodNotAllowed e) {
      return Response.json(405, V2JsonWriter.error(e.getMessage()));
    } catch (Throwable failure) {
      ServingException error = ServingFailures.classify(failure, "v2 REST " + method + " " + path);
      return Response.json(HttpStatuses.v2(error.code()), V2JsonWriter.error(V2DataType.inV2Terms(error.getMessage())
          .replace("output_filter names", "outputs names")));
    }
  }

  private Response infer(ModelRef ref, int headerLength, byte[] body, CallerDeadline caller) {
    V2InferRequest request = headerLength == 0 ? raw(ref, body) : V2JsonReader.read(body, headerLength);
    PredictCall<TensorProto> call = new PredictCall<>(ref, request.signatureName(), request.inputs(),
        request.outputNames());
    Prediction<TensorProto> prediction = pipeline.predict(call, WireFormat.TENSOR_PROTO, caller);
    V2JsonWriter.Body answer = V2JsonWriter.inferResponse(request, prediction);
    if (!answer.hasBinary()) {
      return Response.json(200, answer.bytes());
    }
    return new Response(200, "application/octet-stream",
        Map.of(HEADER_LENGTH, Integer.toString(answer.jsonLength())), answer.bytes());
  }

  /**
   * A raw binary request, read against the metadata of the version {@code ref} names now. The pipeline takes its own
   * lease; should a new version with another input come in between, the core refuses the input as it would any.
   */
  private V2InferRequest raw(ModelRef ref, byte[] body) {
    try (Lease lease = registry.acquire(ref)) {
      return V2RawRequest.read(lease.model(), lease.loaded().contract().select(""), body);
    }
  }

  private static String decode(String segment) {
    try {
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("the path segment '" + segment + "' is not valid percent-encoding");
    }
  }

  /** The binary extension's header: -1 when absent. */
  private static int headerLength(String value) {
    if (value == null) {
      return -1;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
    throw new ServingException(ServingException.Code.INVALID_ARGUMENT,
        HEADER_LENGTH + " must be a non-negative integer, got '" + shown + "'");
  }

  private static void requireGet(String method) {
    if (!method.equals("GET")) {
      throw new MethodNotAllowed("this path takes GET, received " + method);
    }
  }

  /** A known path asked with the wrong method: 405. */
  private static final class MethodNotAllowed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MethodNotAllowed(String message) {
      super(message, null, false, false);
    }
  }
}
