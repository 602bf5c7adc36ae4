package org.modelrt.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Collects a request body (the one copy from the socket into one buffer chain, read in place by the JSON parser) up
 * to {@code --max-message-bytes}; beyond it answers 413 with a JSON error and closes, without reading the rest (a
 * declared Content-Length over the limit is refused before any body byte is read). One per connection.
 */
final class BodyLimit extends HttpObjectAggregator {
  private final int maxBytes;

  BodyLimit(int maxBytes) {
    super(maxBytes);
    this.maxBytes = maxBytes;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    FullHttpResponse tooLarge = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, RestService.error(413, "the request body is larger than the "
        + maxBytes + " bytes this server accepts (--max-message-bytes)", ctx.alloc()).body());
    tooLarge.headers().set(HttpHeaderNames.CONTENT_TYPE, Answer.JSON)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, tooLarge.content().readableBytes())
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.writeAndFlush(tooLarge).addListener(ChannelFutureListener.CLOSE);
  }
}
