package org.modelrt.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.modelrt.engine.CallerDeadline;
import org.modelrt.serving.ModelRef;
import org.modelrt.serving.ServingException;

/**
 * The seam for TF Serving's {@code :classify} and {@code :regress} ({@code {"examples": [...]}} in, {@code
 * {"results": ...}} out): {@link ExampleJson} over the core's Classify/Regress; {@link #NOT_SUPPORTED} answers 501.
 */
interface ExampleMethods {
  ExampleMethods NOT_SUPPORTED = (method, model, body, caller, alloc) -> {
    throw new ServingException(ServingException.Code.UNIMPLEMENTED, ":" + method + " is not supported for this model"
        + " ('" + model.name() + "'): modelrt serves predict signatures; use :predict");
  };

  /** Answers {@code method} ("classify" or "regress") on {@code model}; the model is known to exist. */
  Answer answer(String method, ModelRef model, ByteBuf body, CallerDeadline caller, ByteBufAllocator alloc)
      throws Exception;
}
