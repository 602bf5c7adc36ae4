package org.modelrt.http;

import org.modelrt.serving.ServingException;

/**
 * The one place a core error becomes an HTTP status, with TF Serving's map ({@code ToHTTPStatusCode} in
 * http_server.cc): saturation is 429 as there (not Triton's 503), a caller gone is 499. Stateless.
 */
final class HttpStatuses {
  private HttpStatuses() {}

  static int of(ServingException.Code code) {
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
}
