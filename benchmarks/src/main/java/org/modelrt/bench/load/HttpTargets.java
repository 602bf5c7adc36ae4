package org.modelrt.bench.load;

import com.google.common.util.concurrent.SettableFuture;
import io.grpc.Status;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * What the HTTP targets (TF Serving REST, v2 REST) share: a java.net.http client speaking HTTP/1.1 (keep-alive; the
 * client opens one connection per outstanding call and reuses it, so each closed-loop caller keeps its own), one
 * prepared request sent again and again, and the answer judged in gRPC terms so the sweep counts HTTP failures like
 * gRPC ones: a non-200 status becomes the gRPC code it stands for, a 200 whose body is not a well-formed answer
 * becomes DATA_LOSS (a broken server must not count as fast). Stateless.
 */
final class HttpTargets {
  private HttpTargets() {}

  /** Why a 200 answer is not a good one; {@code null} when it is. */
  @FunctionalInterface
  interface AnswerCheck {
    String problem(HttpResponse<byte[]> response);
  }

  static HttpClient client() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  /** A target sending {@code request} over {@code client}, each 200 answer judged by {@code check}. */
  static PredictTarget of(HttpClient client, HttpRequest request, AnswerCheck check) {
    return () -> {
      SettableFuture<Object> done = SettableFuture.create();
      client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, failure) -> {
        if (failure != null) {
          done.setException(Status.UNAVAILABLE.withDescription(failure.toString()).asRuntimeException());
        } else if (response.statusCode() != 200) {
          done.setException(code(response.statusCode()).withDescription(
              new String(response.body(), StandardCharsets.UTF_8)).asRuntimeException());
        } else {
          String problem = check.problem(response);
          if (problem == null) {
            done.set(response);
          } else {
            done.setException(Status.DATA_LOSS.withDescription(problem).asRuntimeException());
          }
        }
      });
      return done;
    };
  }

  /** The gRPC code of an HTTP status (TF Serving's http_server.cc map, inverted; v2 servers use the same codes). */
  static Status code(int http) {
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
