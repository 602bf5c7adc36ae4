package org.modelrt.server.rpc;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthGrpc;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the open {@code grpc.health.v1.Health/Watch} streams, so that shutdown can end them once they have been
 * told NOT_SERVING. grpc-java's health service leaves them open for ever, and the server's drain waits for every
 * open call: one watching client would hold each SIGTERM for the whole grace period.
 *
 * <p>Thread-safe. A stream's calls are serialized on the stream, since the health service may send an update while
 * shutdown ends it.
 */
final class HealthWatches implements ServerInterceptor {
  private final Set<WatchCall<?, ?>> open = ConcurrentHashMap.newKeySet();

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    if (!call.getMethodDescriptor().equals(HealthGrpc.getWatchMethod())) {
      return next.startCall(call, headers);
    }
    WatchCall<Q, R> watch = new WatchCall<>(call);
    open.add(watch);
    return new SimpleForwardingServerCallListener<>(next.startCall(watch, headers)) {
      @Override
      public void onCancel() {
        open.remove(watch);
        super.onCancel();
      }

      @Override
      public void onComplete() {
        open.remove(watch);
        super.onComplete();
      }
    };
  }

  /** Ends every open Watch stream with UNAVAILABLE; later updates to them are dropped. */
  void endAll() {
    for (WatchCall<?, ?> watch : open) {
      watch.close(Status.UNAVAILABLE.withDescription("the server is shutting down"), new Metadata());
      open.remove(watch);
    }
  }

  /** A Watch stream whose sends and close may come from the health service and from shutdown. */
  private static final class WatchCall<Q, R> extends SimpleForwardingServerCall<Q, R> {
    private boolean closed;

    WatchCall(ServerCall<Q, R> call) {
      super(call);
    }

    @Override
    public synchronized void sendHeaders(Metadata headers) {
      if (!closed) {
        super.sendHeaders(headers);
      }
    }

    @Override
    public synchronized void sendMessage(R message) {
      if (!closed) {
        super.sendMessage(message);
      }
    }

    @Override
    public synchronized void close(Status status, Metadata trailers) {
      if (!closed) {
        closed = true;
        super.close(status, trailers);
      }
    }
  }
}
