package org.modelrt.bench.jmh;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ServerBuilder;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;

/**
 * How the benchmark client reaches the server under test: plaintext Netty over loopback (what a real client pays,
 * sockets and HTTP/2 framing included), or grpc-java's in-process transport (no sockets: what is left is the
 * server's own work plus gRPC's call machinery). Both the runtime and the echo baseline are measured over each.
 */
public enum Transport {
  NETTY {
    @Override
    ServerBuilder<?> serverBuilder(String name) {
      return Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create());
    }

    @Override
    ManagedChannel channel(String name, int port) {
      return Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create())
          .maxInboundMessageSize(Integer.MAX_VALUE).build();
    }
  },
  INPROCESS {
    @Override
    ServerBuilder<?> serverBuilder(String name) {
      return InProcessServerBuilder.forName(name);
    }

    @Override
    ManagedChannel channel(String name, int port) {
      return InProcessChannelBuilder.forName(name).maxInboundMessageSize(Integer.MAX_VALUE).build();
    }
  };

  /** A builder for the server side; {@code name} names the in-process server. */
  abstract ServerBuilder<?> serverBuilder(String name);

  /** A client channel to the server built by {@link #serverBuilder} with the same name (and its bound port). */
  abstract ManagedChannel channel(String name, int port);
}
