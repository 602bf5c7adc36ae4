package org.modelrt.server.rpc;

import com.google.protobuf.MessageLite;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import org.modelrt.serving.observe.CallRecord;
import org.modelrt.serving.observe.Endpoint;
import org.modelrt.serving.observe.Observability;
import org.modelrt.serving.observe.TraceContext;
import org.slf4j.MDC;

/**
 * Observes every model call (TF Serving's, Hydrosphere's, ModelService; not health or reflection): it opens the
 * call's {@link CallRecord} with the method, the peer and the caller's {@code traceparent}, counts the message bytes,
 * puts the trace id in the MDC of the handler's log lines, and ends the record with the status the call closed
 * with, or CANCELLED / DEADLINE_EXCEEDED when the caller went away first. Services reach the record through
 * {@link #currentRecord()} to hand it to the pipeline.
 *
 * <p>Thread-safe; installed once on the server builder, so it wraps every service's own interceptors.
 */
final class ObservingInterceptor implements ServerInterceptor {
  /** The MDC key of the call's trace id (logback's JSON and text layouts print it). */
  static final String MDC_TRACE_ID = "trace_id";
  private static final Context.Key<CallRecord> RECORD = Context.key("modelrt-call-record");
  private static final Metadata.Key<String> TRACEPARENT =
      Metadata.Key.of(TraceContext.HEADER, Metadata.ASCII_STRING_MARSHALLER);

  private final Observability observability;
  private final ConcurrentHashMap<String, Endpoint> endpoints = new ConcurrentHashMap<>();

  ObservingInterceptor(Observability observability) {
    this.observability = observability;
  }

  /** The record of the call this thread serves; a detached one outside an observed call. */
  static CallRecord currentRecord() {
    CallRecord record = RECORD.get();
    return record != null ? record : CallRecord.detached();
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    String service = call.getMethodDescriptor().getServiceName();
    if (service == null || service.startsWith("grpc.")) { // health and reflection: probes, not model calls
      return next.startCall(call, headers);
    }
    Endpoint endpoint = endpoints.computeIfAbsent(call.getMethodDescriptor().getFullMethodName(), Endpoint::grpc);
    CallRecord record = observability.begin(endpoint, peer(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)),
        headers.get(TRACEPARENT));
    ObservedCall<Q, R> observed = new ObservedCall<>(call, record);
    Context context = Context.current().withValue(RECORD, record);
    return new ObservedListener<>(Contexts.interceptCall(context, observed, headers, next), observed, record);
  }

  /** {@code host:port} of the caller; empty when the transport has no socket address (in-process). */
  private static String peer(SocketAddress address) {
    if (address instanceof InetSocketAddress inet) {
      return inet.getAddress() != null ? inet.getAddress().getHostAddress() + ":" + inet.getPort() : inet.toString();
    }
    return address == null ? "" : address.toString();
  }

  private static long size(Object message) {
    if (message instanceof MessageLite m) {
      return m.getSerializedSize();
    }
    if (message instanceof InputStream in) { // raw, before InvalidArgumentOnParseError parses it: all of it is there
      try {
        return Math.max(0, in.available());
      } catch (IOException e) {
        return 0;
      }
    }
    return 0;
  }

  /** Counts what is sent and ends the record with the status the call closes with. */
  private final class ObservedCall<Q, R> extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {
    private final CallRecord record;

    ObservedCall(ServerCall<Q, R> delegate, CallRecord record) {
      super(delegate);
      this.record = record;
    }

    @Override
    public void sendMessage(R message) {
      record.addResponseBytes(size(message));
      super.sendMessage(message);
    }

    @Override
    public void close(Status status, Metadata trailers) {
      // A handler that finishes after its caller gave up still closes with its own status; the caller saw the
      // cancellation or the deadline, and that is what the call counts as.
      boolean gaveUp = isCancelled();
      try {
        super.close(status, trailers);
      } finally {
        observability.end(record, gaveUp ? abandonedCode() : status.getCode().name());
      }
    }

    /** The caller went away before the call was closed. */
    void abandoned() {
      observability.end(record, abandonedCode());
    }

    private static String abandonedCode() {
      Context context = Context.current();
      boolean expired = context.getDeadline() != null && context.getDeadline().isExpired();
      return expired ? Status.Code.DEADLINE_EXCEEDED.name() : Status.Code.CANCELLED.name();
    }
  }

  /** Counts what is received and gives the handler's log lines the call's trace id. */
  private static final class ObservedListener<Q> extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Q> {
    private final ObservedCall<?, ?> call;
    private final CallRecord record;

    ObservedListener(ServerCall.Listener<Q> delegate, ObservedCall<?, ?> call, CallRecord record) {
      super(delegate);
      this.call = call;
      this.record = record;
    }

    @Override
    public void onMessage(Q message) {
      record.addRequestBytes(size(message));
      super.onMessage(message);
    }

    @Override
    public void onHalfClose() { // where a unary handler runs
      MDC.put(MDC_TRACE_ID, record.traceId());
      try {
        super.onHalfClose();
      } finally {
        MDC.remove(MDC_TRACE_ID);
      }
    }

    @Override
    public void onCancel() {
      try {
        super.onCancel();
      } finally {
        call.abandoned();
      }
    }
  }
}
