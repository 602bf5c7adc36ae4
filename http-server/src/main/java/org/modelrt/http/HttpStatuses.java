package org.modelrt.http;

import org.modelrt.serving.ServingException;

/**
 * The one place a core error becomes an HTTP status, for both APIs on the port. TF Serving's REST API takes TF
 * Serving's map ({@code ToHTTPStatusCode} in http_server.cc): saturation is 429, a caller gone is 499. KServe v2
 * takes Triton's ({@code HttpCodeFromError}), which differs in those two codes only. Stateless.
 */
public final class HttpStatuses {
  private HttpStatuses() {}

  /** TF Serving's status for a core error code. */
  public static int of(ServingException.Code code) {
    return switch (code) {
      case INVALID_ARGUMENT, FAILED_PRECONDITION -> 400;
      case NOT_FOUND -> 404;
      case RESOURCE_EXHAUSTED -> 429;
      case CANCELLED -> 499;
      case UNIMPLEMENTED -> 501;
      case UNAVAILABLE -> 503;
      case DEADLINE_EXCEEDED -> 504;
      case INTERNAL -> 500;
    };
  }

  /**
   * The Open Inference Protocol's status for a core error code, as Triton answers it: CANCELLED is 400 (Triton maps
   * it with the caller's errors) and RESOURCE_EXHAUSTED 503 (Triton's own qa/L0_http test_descriptive_status_code
   * expects 503 when the queue is full); every other code as TF Serving's map.
   */
  public static int v2(ServingException.Code code) {
    return switch (code) {
      case CANCELLED -> 400;
      case RESOURCE_EXHAUSTED -> 503;
      default -> of(code);
    };
  }

  /** The code an answer's HTTP status stands for, as metrics and the access log name statuses (gRPC's names). */
  static String codeName(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 400, 405, 408 -> ServingException.Code.INVALID_ARGUMENT.name();
      case 404 -> ServingException.Code.NOT_FOUND.name();
      case 413, 429 -> ServingException.Code.RESOURCE_EXHAUSTED.name();
      case 499 -> ServingException.Code.CANCELLED.name();
      case 501 -> ServingException.Code.UNIMPLEMENTED.name();
      case 503 -> ServingException.Code.UNAVAILABLE.name();
      case 504 -> ServingException.Code.DEADLINE_EXCEEDED.name();
      default -> status < 500 ? ServingException.Code.INVALID_ARGUMENT.name() : ServingException.Code.INTERNAL.name();
    };
  }
}
