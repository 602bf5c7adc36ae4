package org.modelrt.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * Ends connections that stall, when nothing was read for the timeout (an {@link IdleStateEvent} from the
 * {@code IdleStateHandler} before it): a request begun and not finished gets 408 and the connection is closed; an idle
 * keep-alive connection is closed; a connection waiting for its answer is left alone (the model may be slow; the
 * call's deadline covers that). Between the HTTP codec and the aggregator, so it sees each request begin and end.
 * One per connection; event-loop only.
 */
final class StallGuard extends ChannelDuplexHandler {
  private final long timeoutMillis;
  private boolean reading;
  private int unanswered;

  StallGuard(long timeoutMillis) {
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest) {
      reading = true;
    }
    if (msg instanceof LastHttpContent) {
      reading = false;
      unanswered++;
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof HttpResponse) {
      unanswered = Math.max(0, unanswered - 1);
    }
    ctx.write(msg, promise);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (!(event instanceof IdleStateEvent idle) || idle.state() != IdleState.READER_IDLE) {
      ctx.fireUserEventTriggered(event);
      return;
    }
    if (reading) {
      reading = false;
      FullHttpResponse timeout = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
          HttpResponseStatus.REQUEST_TIMEOUT, RestService.error(408, "the request was not received in full within "
          + timeoutMillis + " ms (--rest_api_timeout_in_ms); closing the connection", ctx.alloc()).body());
      timeout.headers().set(HttpHeaderNames.CONTENT_TYPE, Answer.JSON)
          .setInt(HttpHeaderNames.CONTENT_LENGTH, timeout.content().readableBytes())
          .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(timeout).addListener(ChannelFutureListener.CLOSE);
    } else if (unanswered == 0) {
      ctx.close();
    }
  }
}
