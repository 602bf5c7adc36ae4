package org.modelrt.server.rpc;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import org.modelrt.contract.InvalidRequestException;
import org.modelrt.engine.CallAbandonedException;
import org.modelrt.engine.InferenceException;
import org.modelrt.engine.ModelBusyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where a failure becomes a gRPC status. The caller's fault is INVALID_ARGUMENT, no model is
 * UNAVAILABLE, saturation (too many calls in flight, or no free predictor within the engine's borrow timeout) is
 * RESOURCE_EXHAUSTED, a cancelled call is CANCELLED or DEADLINE_EXCEEDED, and anything else is ours: INTERNAL with
 * the reason on one line ({@link EngineMessages}: no TorchScript traceback, no TensorFlow node context), while the
 * full stack trace goes to the log only. Descriptions are cut at 1 KiB, as TF Serving cuts them. Stateless and
 * thread-safe.
 */
final class StatusMapper {
  private static final Logger log = LoggerFactory.getLogger(StatusMapper.class);
  static final int MAX_DESCRIPTION = 1024;

  private StatusMapper() {}

  /** The status to close a call of {@code rpc} with after {@code failure}; logs our own faults. */
  static StatusException toStatusException(Throwable failure, String rpc) {
    return status(failure, rpc).asException();
  }

  static Status status(Throwable failure, String rpc) {
    if (failure instanceof InvalidRequestException) {
      return describe(Status.INVALID_ARGUMENT, failure.getMessage());
    } else if (failure instanceof NotReadyException) {
      return describe(Status.UNAVAILABLE, failure.getMessage());
    } else if (failure instanceof SaturatedException || failure instanceof ModelBusyException) {
      return describe(Status.RESOURCE_EXHAUSTED, failure.getMessage());
    } else if (failure instanceof CallAbandonedException cancelled) {
      log.debug("{}: {}", rpc, cancelled.getMessage());
      return describe(cancelled.deadlineExpired() ? Status.DEADLINE_EXCEEDED : Status.CANCELLED, failure.getMessage());
    } else if (failure instanceof StatusRuntimeException e) {
      return e.getStatus();
    } else if (failure instanceof StatusException e) {
      return e.getStatus();
    } else if (failure instanceof OutOfMemoryError) {
      log.warn("{} ran out of memory", rpc, failure);
      return describe(Status.RESOURCE_EXHAUSTED, "the server ran out of memory for this request: " + failure.getMessage());
    }
    log.error("{} failed", rpc, failure);
    String prefix = failure instanceof InferenceException ? "inference failed: " : "internal error: ";
    return describe(Status.INTERNAL, prefix + EngineMessages.summary(messageOf(failure)));
  }

  /** The failure's message, with its cause's when that adds something; the class name when there is no message. */
  private static String messageOf(Throwable failure) {
    String message = failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
    Throwable cause = failure.getCause();
    if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
      message += ": " + cause.getMessage();
    }
    return message;
  }

  private static Status describe(Status status, String description) {
    String d = description == null ? "" : description;
    return status.withDescription(d.length() <= MAX_DESCRIPTION ? d : d.substring(0, MAX_DESCRIPTION - 3) + "...");
  }
}
