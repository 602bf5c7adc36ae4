package org.modelrt.server.cli;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;

/** Plaintext channels to a runtime, from addresses written {@code host:port}, {@code :port} or {@code host}. */
final class Channels {
  /** What a client accepts back: as much as the runtime accepts by default (512 MiB). */
  static final int MAX_INBOUND_BYTES = 512 << 20;

  private Channels() {}

  /**
   * Opens a channel; the caller shuts it down.
   *
   * @throws IllegalArgumentException when the address is malformed
   */
  static ManagedChannel open(String address, int defaultPort) {
    String host = address;
    int port = defaultPort;
    int colon = address.lastIndexOf(':');
    if (colon >= 0 && address.indexOf(']') < colon) {
      host = address.substring(0, colon);
      try {
        port = Integer.parseInt(address.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + address + "' is not host:port");
      }
    }
    host = host.isEmpty() ? "localhost" : host;
    return Grpc.newChannelBuilderForAddress(host, port, InsecureChannelCredentials.create())
        .maxInboundMessageSize(MAX_INBOUND_BYTES)
        .build();
  }
}
