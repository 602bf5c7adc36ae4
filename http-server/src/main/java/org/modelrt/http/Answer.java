package org.modelrt.http;

import io.netty.buffer.ByteBuf;

/**
 * One response: its status, content type, body, and for a 405 the method allowed. The body is owned by whoever holds
 * the answer until it is written (writing releases it).
 *
 * @param allow the {@code Allow} header of a 405; {@code null} otherwise
 */
record Answer(int status, String contentType, ByteBuf body, String allow) {
  static final String JSON = "application/json";

  Answer(int status, String contentType, ByteBuf body) {
    this(status, contentType, body, null);
  }
}
