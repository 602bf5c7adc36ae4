package org.modelrt.server.rpc;

import com.google.protobuf.Message;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes request bytes that do not parse the caller's fault: INVALID_ARGUMENT naming the message type and what is
 * wrong in protobuf terms ({@link ParseFailures}), or RESOURCE_EXHAUSTED when a compressed request is over the limit
 * once decompressed, where grpc-java would close the call with UNKNOWN ("Application error processing RPC"), since a
 * marshaller that throws only reaches its generic handler.
 *
 * <p>Each method receives the raw stream and parses it with the original marshaller inside {@code onMessage}, while
 * the stream is still open, so nothing is copied and the in-process transport keeps its no-serialization path.
 * Reflection still sees the original schema descriptors.
 */
final class InvalidArgumentOnParseError {
  private static final MethodDescriptor.Marshaller<InputStream> RAW = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(InputStream value) {
      return value;
    }

    @Override
    public InputStream parse(InputStream stream) {
      return stream;
    }
  };

  private InvalidArgumentOnParseError() {}

  /**
   * The same service, parsing requests as described above.
   *
   * @param maxMessageBytes the server's inbound message limit, which the RESOURCE_EXHAUSTED detail names
   */
  static ServerServiceDefinition wrap(ServerServiceDefinition service, int maxMessageBytes) {
    ServiceDescriptor original = service.getServiceDescriptor();
    ServiceDescriptor.Builder descriptor =
        ServiceDescriptor.newBuilder(original.getName()).setSchemaDescriptor(original.getSchemaDescriptor());
    List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
    for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
      ServerMethodDefinition<?, ?> guarded = guard(method, maxMessageBytes);
      descriptor.addMethod(guarded.getMethodDescriptor());
      methods.add(guarded);
    }
    ServerServiceDefinition.Builder wrapped = ServerServiceDefinition.builder(descriptor.build());
    methods.forEach(wrapped::addMethod);
    return wrapped.build();
  }

  private static <Q, R> ServerMethodDefinition<InputStream, R> guard(
      ServerMethodDefinition<Q, R> method, int maxMessageBytes) {
    MethodDescriptor<Q, R> typed = method.getMethodDescriptor();
    MethodDescriptor<InputStream, R> raw = typed.toBuilder(RAW, typed.getResponseMarshaller()).build();
    return ServerMethodDefinition.create(raw,
        new ParsingHandler<>(typed, method.getServerCallHandler(), maxMessageBytes));
  }

  private record ParsingHandler<Q, R>(MethodDescriptor<Q, R> typed, ServerCallHandler<Q, R> next, int maxMessageBytes)
      implements ServerCallHandler<InputStream, R> {
    @Override
    public ServerCall.Listener<InputStream> startCall(ServerCall<InputStream, R> call, Metadata headers) {
      ServerCall.Listener<Q> listener = next.startCall(new TypedCall<>(call, typed), headers);
      return new ParsingListener<>(call, typed, listener, maxMessageBytes);
    }
  }

  /** The call as the typed handler sees it: the same call, described by the typed method descriptor. */
  private static final class TypedCall<Q, R> extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {
    private final MethodDescriptor<Q, R> typed;

    @SuppressWarnings("unchecked")
    TypedCall(ServerCall<InputStream, R> call, MethodDescriptor<Q, R> typed) {
      // The request type only appears in the listener and the descriptor, both replaced here; the call never holds one.
      super((ServerCall<Q, R>) (ServerCall<?, R>) call);
      this.typed = typed;
    }

    @Override
    public MethodDescriptor<Q, R> getMethodDescriptor() {
      return typed;
    }
  }

  private static final class ParsingListener<Q, R> extends ServerCall.Listener<InputStream> {
    private final ServerCall<InputStream, R> call;
    private final MethodDescriptor<Q, R> typed;
    private final ServerCall.Listener<Q> next;
    private final int maxMessageBytes;
    private boolean refused;

    ParsingListener(ServerCall<InputStream, R> call, MethodDescriptor<Q, R> typed, ServerCall.Listener<Q> next,
        int maxMessageBytes) {
      this.call = call;
      this.typed = typed;
      this.next = next;
      this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public void onMessage(InputStream message) {
      if (refused) {
        return;
      }
      Q request;
      try {
        request = typed.parseRequest(message);
      } catch (RuntimeException e) {
        refused = true;
        call.close(ParseFailures.toStatus(e, messageName(), maxMessageBytes), new Metadata());
        return;
      }
      next.onMessage(request);
    }

    @Override
    public void onHalfClose() {
      if (!refused) {
        next.onHalfClose();
      }
    }

    @Override
    public void onCancel() {
      next.onCancel();
    }

    @Override
    public void onComplete() {
      next.onComplete();
    }

    @Override
    public void onReady() {
      next.onReady();
    }

    private String messageName() {
      return typed.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<?> p
              && p.getMessagePrototype() instanceof Message m
          ? m.getDescriptorForType().getFullName()
          : typed.getFullMethodName() + " request";
    }
  }
}
