package org.modelrt.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.modelrt.serving.ServingException;
import org.modelrt.serving.observe.CallRecord;
import org.modelrt.serving.observe.Endpoint;
import org.modelrt.serving.observe.Observability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One connection's requests: routed on the event loop, answered on the handler pool (the engine blocks), one at a
 * time per connection so that pipelined requests are answered in order. A request that arrives while another runs
 * waits in a small queue. Not shared: one instance per connection, its state touched on the event loop only.
 */
final class RestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger log = LoggerFactory.getLogger(RestHandler.class);

  private final RestService service;
  private final Map<String, HttpFront.Mount> mounts;
  private final Executor handlers;
  private final InFlight inFlight;
  private final long timeoutNanos;
  /** Where calls are recorded; {@code null}: nowhere. */
  private final Observability observability;
  private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
  private boolean busy;
  /** The connection's remote address as the access log writes it; formatted once, on its first call. */
  private String peer;

  RestHandler(RestService service, Map<String, HttpFront.Mount> mounts, Executor handlers, InFlight inFlight,
      long timeoutNanos, Observability observability) {
    super(false); // the request is released once answered
    this.service = service;
    this.mounts = mounts;
    this.handlers = handlers;
    this.inFlight = inFlight;
    this.timeoutNanos = timeoutNanos;
    this.observability = observability;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (busy) {
      waiting.add(request);
      return;
    }
    busy = true;
    serve(ctx, request);
  }

  private void serve(ChannelHandlerContext ctx, FullHttpRequest request) {
    long deadline = System.nanoTime() + timeoutNanos;
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    if (!request.decoderResult().isSuccess()) {
      request.release();
      respond(ctx, RestService.error(400, "Malformed HTTP request", ctx.alloc()), false);
      return;
    }
    String path = request.uri().split("\\?", 2)[0];
    for (Map.Entry<String, HttpFront.Mount> mount : mounts.entrySet()) {
      if (path.equals(mount.getKey()) || path.startsWith(mount.getKey() + "/")) {
        CallRecord record = begin(ctx, request, Endpoint.rest(mount.getKey(), mount.getKey().substring(1)));
        dispatch(ctx, request, keepAlive, record, () -> mounted(mount.getValue(), request, path, deadline, ctx));
        return;
      }
    }
    Route route;
    try {
      route = Route.parse(request.method(), request.uri());
    } catch (Route.Refused refused) {
      request.release();
      Answer error = RestService.error(refused.status, refused.getMessage(), ctx.alloc());
      respond(ctx, refused.allow == null ? error : new Answer(error.status(), error.contentType(), error.body(),
          Map.of("Allow", refused.allow)), keepAlive);
      return;
    }
    if (route.kind() == Route.Kind.METRICS) {
      String accept = request.headers().get(HttpHeaderNames.ACCEPT);
      dispatch(ctx, request, keepAlive, null, () -> MetricsPage.scrape(accept, ctx.alloc()));
      return;
    }
    CallRecord record = begin(ctx, request, route.endpoint());
    dispatch(ctx, request, keepAlive, record, () -> service.answer(route, request.content(),
        new RestDeadline(deadline, ctx.channel()), ctx.alloc(), record == null ? CallRecord.detached() : record));
  }

  /** Starts recording a call; {@code null} when nothing records. */
  private CallRecord begin(ChannelHandlerContext ctx, FullHttpRequest request, Endpoint endpoint) {
    if (observability == null) {
      return null;
    }
    if (peer == null) {
      peer = String.valueOf(ctx.channel().remoteAddress());
    }
    CallRecord record = observability.begin(endpoint, peer, request.headers().get("traceparent"));
    record.addRequestBytes(request.content().readableBytes());
    return record;
  }

  /** What a call computes on a handler thread. */
  @FunctionalInterface
  private interface Work {
    Answer run() throws Exception;
  }

  /** Runs {@code work} on the handler pool, then writes its answer on the event loop. */
  private void dispatch(ChannelHandlerContext ctx, FullHttpRequest request, boolean keepAlive, CallRecord record,
      Work work) {
    inFlight.begin();
    try {
      handlers.execute(() -> {
        Answer answer = null;
        if (record != null) {
          MDC.put("trace_id", record.traceId());
        }
        try {
          answer = work.run();
        } catch (Throwable failure) {
          answer = RestService.error(failure, "REST call", ctx.alloc()); // no client text in the log
        } finally {
          request.release();
          inFlight.end();
          if (record != null) {
            MDC.remove("trace_id");
            if (answer != null) {
              record.addResponseBytes(answer.body().readableBytes());
              observability.end(record, HttpStatuses.codeName(answer.status()));
            }
          }
        }
        Answer done = answer;
        ctx.executor().execute(() -> respond(ctx, done, keepAlive));
      });
    } catch (RejectedExecutionException e) {
      inFlight.end();
      request.release();
      respond(ctx, RestService.error(HttpStatuses.of(ServingException.Code.UNAVAILABLE),
          "the server is shutting down", ctx.alloc()), false); // the pool refuses only once drained
    }
  }

  /** Writes the answer (on the event loop), then takes the next waiting request. */
  private void respond(ChannelHandlerContext ctx, Answer answer, boolean keepAlive) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(answer.status()), answer.body());
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.contentType())
        .setInt(HttpHeaderNames.CONTENT_LENGTH, answer.body().readableBytes());
    answer.headers().forEach(response.headers()::set);
    if (!keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    ctx.writeAndFlush(response).addListener(keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE
        : ChannelFutureListener.CLOSE);
    FullHttpRequest next = waiting.poll();
    if (next != null) {
      serve(ctx, next);
    } else {
      busy = false;
    }
  }

  private static Answer mounted(HttpFront.Mount mount, FullHttpRequest request, String path, long deadline,
      ChannelHandlerContext ctx) {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    request.headers().forEach(h -> headers.putIfAbsent(h.getKey(), h.getValue()));
    HttpFront.Reply reply = mount.handle(request.method().name(), path, headers,
        ByteBufUtil.getBytes(request.content()), new RestDeadline(deadline, ctx.channel()));
    return new Answer(reply.status(), reply.contentType(), Unpooled.wrappedBuffer(reply.body()), reply.headers());
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    waiting.forEach(FullHttpRequest::release);
    waiting.clear();
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("REST connection from {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
