package org.modelrt.server.testing;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ServerBuilder;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.modelrt.engine.LoadedModel;
import org.modelrt.serving.codec.ResponseEncoding;
import org.modelrt.server.rpc.RuntimeServer;
import org.modelrt.serving.SingleModel;

/**
 * A started {@link RuntimeServer} and a channel to it, in-process or over real loopback Netty, handing out stubs
 * ({@link RuntimeStubs}). Closing it closes the channel and drains the server, then closes the model if the harness
 * was given it to own ({@link #inProcess(LoadedModel)}, {@link #netty(LoadedModel)}); a model served through a
 * {@link SingleModel} stays open (its owner closes it). A test class that shares one server declares it
 * {@code @AutoClose static final ServerHarness server = ServerHarness.inProcess(new FakeModel());}.
 */
public final class ServerHarness implements RuntimeStubs, AutoCloseable {
  /** 4 MiB messages, 64 predicts in flight, 2^20 elements per input, responses as the request. */
  public static final RuntimeServer.Limits LIMITS =
      new RuntimeServer.Limits(4 << 20, 64, 1 << 20, ResponseEncoding.AS_REQUEST);

  private final RuntimeServer server;
  private final ManagedChannel channel;
  private final Optional<LoadedModel> owned;

  private ServerHarness(RuntimeServer server, ManagedChannel channel, Optional<LoadedModel> owned) {
    this.server = server;
    this.channel = channel;
    this.owned = owned;
  }

  /** Serves {@code state} over the in-process transport. */
  public static ServerHarness inProcess(SingleModel state, RuntimeServer.Limits limits) {
    return inProcess(state, limits, Optional.empty());
  }

  /** Serves {@code state} over Netty on a free loopback port. */
  public static ServerHarness netty(SingleModel state, RuntimeServer.Limits limits) {
    return netty(state, limits, Optional.empty());
  }

  /** Serves {@code model}, already loaded, in-process with {@link #LIMITS}; closing the harness closes the model. */
  public static ServerHarness inProcess(LoadedModel model) {
    return inProcess(servingState(model), LIMITS, Optional.of(model));
  }

  /** Serves {@code model}, already loaded, over loopback Netty with {@link #LIMITS}; closing closes the model. */
  public static ServerHarness netty(LoadedModel model) {
    return netty(servingState(model), LIMITS, Optional.of(model));
  }

  /** A registry serving {@code model}, as the runtime's is once the model has loaded; the caller still owns it. */
  public static SingleModel servingState(LoadedModel model) {
    return SingleModel.serving(model);
  }

  private static ServerHarness inProcess(SingleModel state, RuntimeServer.Limits limits,
      Optional<LoadedModel> owned) {
    String name = InProcessServerBuilder.generateName();
    RuntimeServer server = start(InProcessServerBuilder.forName(name), state, limits);
    return new ServerHarness(server, InProcessChannelBuilder.forName(name).build(), owned);
  }

  private static ServerHarness netty(SingleModel state, RuntimeServer.Limits limits, Optional<LoadedModel> owned) {
    RuntimeServer server = start(Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()), state, limits);
    ManagedChannel channel = Grpc.newChannelBuilderForAddress("localhost", server.port(),
        InsecureChannelCredentials.create()).maxInboundMessageSize(64 << 20).build();
    return new ServerHarness(server, channel, owned);
  }

  private static RuntimeServer start(ServerBuilder<?> builder, SingleModel state, RuntimeServer.Limits limits) {
    try {
      return new RuntimeServer(builder, limits.pipeline(state.registry()), limits).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public ManagedChannel channel() {
    return channel;
  }

  public RuntimeServer server() {
    return server;
  }

  /** {@code localhost:<port>} of a Netty harness, as the command-line clients take it. */
  public String address() {
    return "localhost:" + server.port();
  }

  /** Closes the channel and drains the server, returning once every handler has finished; then the owned model. */
  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
      server.drain(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      owned.ifPresent(LoadedModel::close);
    }
  }
}
