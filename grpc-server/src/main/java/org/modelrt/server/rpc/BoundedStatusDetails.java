package org.modelrt.server.rpc;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.modelrt.contract.Quoted;

/**
 * The last guard on what a status detail may echo: every call's closing description is cut to
 * {@link Quoted#MAX_DETAIL_BYTES} bytes. Our own details are bounded where they are made; this also bounds the ones
 * grpc-java's services make from caller input (health's "unknown service <name>"), which would otherwise travel
 * whole in the trailers. Stateless and thread-safe.
 */
final class BoundedStatusDetails implements ServerInterceptor {
  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    return next.startCall(new SimpleForwardingServerCall<>(call) {
      @Override
      public void close(Status status, Metadata trailers) {
        String description = status.getDescription();
        super.close(description == null ? status : status.withDescription(Quoted.detail(description)), trailers);
      }
    }, headers);
  }
}
