package org.modelrt.server;

import java.util.Map;
import org.modelrt.http.HttpFront;
import org.modelrt.serving.PredictPipeline;
import org.modelrt.serving.ServingException;
import org.modelrt.serving.v2.V2Rest;

/**
 * KServe's Open Inference Protocol (v2) REST, mounted under {@code /v2} on the HTTP front: the core's
 * transport-neutral {@link V2Rest} behind the front's mount interface. Stateless.
 */
final class V2RestMount {
  private V2RestMount() {}

  static HttpFront.Mount of(PredictPipeline pipeline) {
    String version = V2RestMount.class.getPackage().getImplementationVersion();
    V2Rest v2 = new V2Rest(pipeline, version == null ? "dev" : version);
    return (method, path, headers, body, caller) -> {
      V2Rest.Response r = v2.handle(method, path, headerLength(headers.get(V2Rest.HEADER_LENGTH)), body, caller);
      return new HttpFront.Reply(r.status(), r.contentType(), r.headers(), r.body());
    };
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
        V2Rest.HEADER_LENGTH + " must be a non-negative integer, got '" + shown + "'");
  }
}
