package org.modelrt.server.cli;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;

/** Channels to a runtime (plaintext unless given credentials), from addresses {@code host:port}, {@code :port} or {@code host}. */
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
    return open(address, defaultPort, InsecureChannelCredentials.create(), null);
  }

  /**
   * Opens a channel with {@code credentials} (TLS for a runtime started with it); {@code authority}, when not null,
   * is the host name the server's certificate is checked against instead of the address's.
   *
   * @throws IllegalArgumentException when the address is malformed
   */
  static ManagedChannel open(String address, int defaultPort, ChannelCredentials credentials, String authority) {
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
    var builder = Grpc.newChannelBuilderForAddress(host, port, credentials).maxInboundMessageSize(MAX_INBOUND_BYTES);
    if (authority != null && !authority.isEmpty()) {
      builder.overrideAuthority(authority);
    }
    return builder.build();
  }
}
