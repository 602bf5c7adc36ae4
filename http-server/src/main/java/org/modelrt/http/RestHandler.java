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
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.modelrt.serving.ServingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's requests: routed on the event loop, answered on the handler pool (the engine blocks), one at a
 * time per connection so that pipelined requests are answered in order. A request that arrives while another runs
 * waits in a small queue. Not shared: one instance per connection, its state touched on the event loop only.
 */
final class RestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger log = LoggerFactory.getLogger(RestHandler.class);

  private final RestService service;
  private final Executor handlers;
  private final InFlight inFlight;
  private final long timeoutNanos;
  private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
  private boolean busy;

  RestHandler(RestService service, Executor handlers, InFlight inFlight, long timeoutNanos) {
    super(false); // the request is released once answered
    this.service = service;
    this.handlers = handlers;
    this.inFlight = inFlight;
    this.timeoutNanos = timeoutNanos;
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
    Route route;
    try {
      route = Route.parse(request.method(), request.uri());
    } catch (Route.Refused refused) {
      request.release();
      Answer error = RestService.error(refused.status, refused.getMessage(), ctx.alloc());
      respond(ctx, new Answer(error.status(), error.contentType(), error.body(), refused.allow), keepAlive);
      return;
    }
    String accept = request.headers().get(HttpHeaderNames.ACCEPT);
    inFlight.begin();
    try {
      handlers.execute(() -> {
        Answer answer;
        try {
          answer = route.kind() == Route.Kind.METRICS ? MetricsPage.scrape(accept, ctx.alloc())
              : service.answer(route, request.content(), new RestDeadline(deadline, ctx.channel()), ctx.alloc());
        } catch (Throwable failure) {
          answer = RestService.error(failure, "GET /metrics", ctx.alloc());
        } finally {
          request.release();
          inFlight.end();
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
    if (answer.allow() != null) {
      response.headers().set(HttpHeaderNames.ALLOW, answer.allow());
    }
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
