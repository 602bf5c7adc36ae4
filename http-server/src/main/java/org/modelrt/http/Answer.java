package org.modelrt.http;

import io.netty.buffer.ByteBuf;

/**
 * One response: its status, content type, body and extra headers ({@code Allow} of a 405, a mount's own). The body is
 * owned by whoever holds the answer until it is written (writing releases it).
 */
record Answer(int status, String contentType, ByteBuf body, java.util.Map<String, String> headers) {
  static final String JSON = "application/json";

  Answer(int status, String contentType, ByteBuf body) {
    this(status, contentType, body, java.util.Map.of());
  }
}
