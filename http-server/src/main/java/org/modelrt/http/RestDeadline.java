package org.modelrt.http;

import io.netty.channel.Channel;
import org.modelrt.engine.CallerDeadline;

/**
 * A REST call's caller: its deadline is {@code --rest_api_timeout_in_ms} after the request arrived, and it gave up
 * when that passed or its connection closed (a client that hangs up does not cost engine time). Thread-safe.
 */
record RestDeadline(long deadlineNanos, Channel channel) implements CallerDeadline {
  @Override
  public long nanosLeft() {
    return deadlineNanos - System.nanoTime();
  }

  @Override
  public boolean gaveUp() {
    return nanosLeft() <= 0 || !channel.isActive();
  }
}
