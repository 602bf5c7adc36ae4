package org.modelrt.server.testing;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ServerBuilder;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.modelrt.server.codec.ResponseEncoding;
import org.modelrt.server.rpc.RuntimeServer;
import org.modelrt.server.rpc.ServingState;
import org.modelrt.wire.tfserving.service.PredictionServiceGrpc;

/**
 * A started {@link RuntimeServer} and a channel to it, in-process or over real loopback Netty. Closing it closes the
 * channel and drains the server; the model stays open (its owner closes it).
 */
public final class ServerHarness implements AutoCloseable {
  /** 4 MiB messages, 64 predicts in flight, 2^20 elements per input, responses as the request. */
  public static final RuntimeServer.Limits LIMITS =
      new RuntimeServer.Limits(4 << 20, 64, 1 << 20, ResponseEncoding.AS_REQUEST);

  private final RuntimeServer server;
  private final ManagedChannel channel;

  private ServerHarness(RuntimeServer server, ManagedChannel channel) {
    this.server = server;
    this.channel = channel;
  }

  /** Serves {@code state} over the in-process transport. */
  public static ServerHarness inProcess(ServingState state, RuntimeServer.Limits limits) {
    String name = InProcessServerBuilder.generateName();
    RuntimeServer server = start(InProcessServerBuilder.forName(name), state, limits);
    return new ServerHarness(server, InProcessChannelBuilder.forName(name).build());
  }

  /** Serves {@code state} over Netty on a free loopback port. */
  public static ServerHarness netty(ServingState state, RuntimeServer.Limits limits) {
    RuntimeServer server = start(Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()), state, limits);
    ManagedChannel channel = Grpc.newChannelBuilderForAddress("localhost", server.port(),
        InsecureChannelCredentials.create()).maxInboundMessageSize(64 << 20).build();
    return new ServerHarness(server, channel);
  }

  /** Serves a model that is already loaded. */
  public static ServerHarness serving(FakeModel model, boolean overNetty) {
    ServingState state = new ServingState("loading the fake model");
    state.serving(model, "serving the fake model");
    return overNetty ? netty(state, LIMITS) : inProcess(state, LIMITS);
  }

  private static RuntimeServer start(ServerBuilder<?> builder, ServingState state, RuntimeServer.Limits limits) {
    try {
      return new RuntimeServer(builder, state, limits).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public ManagedChannel channel() {
    return channel;
  }

  public RuntimeServer server() {
    return server;
  }

  /** A G1/G2 (TF Serving) stub with a 30 s deadline, so a broken test fails instead of hanging. */
  public PredictionServiceGrpc.PredictionServiceBlockingStub tf() {
    return PredictionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  /** A G3 stub with a 30 s deadline. */
  public org.modelrt.wire.g3.service.PredictionServiceGrpc.PredictionServiceBlockingStub g3() {
    return org.modelrt.wire.g3.service.PredictionServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  /** A health stub with a 30 s deadline. */
  public HealthGrpc.HealthBlockingStub health() {
    return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  /** Closes the channel and drains the server; returns once every handler has finished. */
  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
      server.drain(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
