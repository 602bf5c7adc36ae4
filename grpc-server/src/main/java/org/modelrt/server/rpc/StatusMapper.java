package org.modelrt.server.rpc;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import org.modelrt.serving.ServingException;
import org.modelrt.serving.ServingFailures;

/**
 * The one place where the gRPC front turns a failure into a status: the core classifies it
 * ({@link ServingFailures#classify}: the code, a bounded message, our own faults logged), and the core's codes are
 * gRPC's. A status grpc-java raised itself passes through. Stateless and thread-safe.
 */
final class StatusMapper {
  private StatusMapper() {}

  /** The status to close a call of {@code rpc} with after {@code failure}. */
  static StatusException toStatusException(Throwable failure, String rpc) {
    return status(failure, rpc).asException();
  }

  static Status status(Throwable failure, String rpc) {
    if (failure instanceof StatusRuntimeException e) {
      return e.getStatus();
    } else if (failure instanceof StatusException e) {
      return e.getStatus();
    }
    ServingException error = ServingFailures.classify(failure, rpc);
    return code(error.code()).withDescription(error.getMessage());
  }

  private static Status code(ServingException.Code code) {
    return switch (code) {
      case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
      case NOT_FOUND -> Status.NOT_FOUND;
      case FAILED_PRECONDITION -> Status.FAILED_PRECONDITION;
      case UNAVAILABLE -> Status.UNAVAILABLE;
      case RESOURCE_EXHAUSTED -> Status.RESOURCE_EXHAUSTED;
      case CANCELLED -> Status.CANCELLED;
      case DEADLINE_EXCEEDED -> Status.DEADLINE_EXCEEDED;
      case UNIMPLEMENTED -> Status.UNIMPLEMENTED;
      case INTERNAL -> Status.INTERNAL;
    };
  }
}
