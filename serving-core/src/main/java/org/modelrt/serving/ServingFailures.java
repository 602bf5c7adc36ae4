package org.modelrt.serving;

import org.modelrt.contract.InvalidRequestException;
import org.modelrt.contract.Quoted;
import org.modelrt.engine.CallAbandonedException;
import org.modelrt.engine.InferenceException;
import org.modelrt.engine.InputRefusedException;
import org.modelrt.engine.ModelBusyException;
import org.modelrt.engine.ModelClosedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where any failure of a call becomes a {@link ServingException}: the caller's fault is
 * INVALID_ARGUMENT (inputs the engine refused included, {@link InputRefusedException}: one DEBUG line, no trace), a
 * call that reached a model being closed is UNAVAILABLE, saturation (too many calls in flight, or no free predictor
 * within the engine's borrow timeout) is RESOURCE_EXHAUSTED, a call given up is CANCELLED or DEADLINE_EXCEEDED, and
 * anything else is ours: INTERNAL with the reason on one line ({@link EngineMessages}: no TorchScript traceback, no
 * TensorFlow node context), while the full stack trace goes to the log only. Stateless and thread-safe.
 */
public final class ServingFailures {
  private static final Logger log = LoggerFactory.getLogger(ServingFailures.class);
  /** The most chars of an engine's reason quoted to the caller: enough for ONNX Runtime's dims and TF's shapes. */
  static final int MAX_REASON_CHARS = 300;

  private ServingFailures() {}

  /**
   * The serving error for {@code failure} of a call of {@code rpc} (named in the log); logs our own faults.
   * A {@link ServingException} is returned as it is.
   */
  public static ServingException classify(Throwable failure, String rpc) {
    if (failure instanceof ServingException e) {
      return e;
    } else if (failure instanceof InvalidRequestException) {
      return new ServingException(ServingException.Code.INVALID_ARGUMENT, failure.getMessage());
    } else if (failure instanceof ModelClosedException) {
      return new ServingException(ServingException.Code.UNAVAILABLE, failure.getMessage());
    } else if (failure instanceof ModelBusyException) {
      return new ServingException(ServingException.Code.RESOURCE_EXHAUSTED, failure.getMessage());
    } else if (failure instanceof CallAbandonedException abandoned) {
      log.debug("{}: {}", rpc, abandoned.getMessage());
      return new ServingException(abandoned.deadlineExpired()
          ? ServingException.Code.DEADLINE_EXCEEDED : ServingException.Code.CANCELLED, failure.getMessage());
    } else if (failure instanceof InputRefusedException refused) {
      String message = refusal(refused);
      log.debug("{}: {}", rpc, message);
      return new ServingException(ServingException.Code.INVALID_ARGUMENT, message);
    } else if (failure instanceof OutOfMemoryError) {
      log.warn("{} ran out of memory", rpc, failure);
      return new ServingException(ServingException.Code.RESOURCE_EXHAUSTED,
          "the server ran out of memory for this request: " + failure.getMessage());
    }
    log.error("{} failed", rpc, failure);
    String prefix = failure instanceof InferenceException ? "inference failed: " : "internal error: ";
    return new ServingException(ServingException.Code.INTERNAL, prefix + EngineMessages.summary(messageOf(failure)));
  }

  /**
   * {@code the model refused input 'x' of shape [2,5] (the model declares [-1,4]): <the engine's reason>}, or
   * {@code the model refused the inputs: <reason>} when no input broke its declared shape.
   */
  private static String refusal(InputRefusedException refused) {
    String what = refused.offender()
        .map(o -> "input '" + Quoted.value(o.input()) + "' of shape " + Quoted.value(o.received())
            + " (the model declares " + Quoted.value(o.declared()) + ")")
        .orElse("the inputs");
    return "the model refused " + what + ": " + cut(EngineMessages.summary(refused.reason()));
  }

  private static String cut(String reason) {
    if (reason.length() <= MAX_REASON_CHARS) {
      return reason;
    }
    int end = MAX_REASON_CHARS;
    if (Character.isHighSurrogate(reason.charAt(end - 1))) {
      end--; // never split a surrogate pair
    }
    return reason.substring(0, end) + "...";
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
}
