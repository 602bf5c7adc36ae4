package org.modelrt.server.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.modelrt.server.ModelRuntime;
import org.modelrt.server.RuntimeConfig;
import org.modelrt.serving.codec.ResponseEncoding;
import org.modelrt.server.TfServingOptions;
import org.modelrt.serving.ModelSource;
import org.modelrt.serving.ServingState;

/**
 * The runtime as Main assembles it, in this JVM: a {@link ModelRuntime} on a free loopback port (real Netty) loading
 * its model in the background from a {@link ModelSource}, and a channel to it. Closing it closes the
 * channel and stops the runtime, which closes the model; closing twice, or after stopping the runtime, is harmless.
 */
public final class LoopbackRuntime implements RuntimeStubs, AutoCloseable {
  private final ModelRuntime runtime;
  private final ManagedChannel channel;

  private LoopbackRuntime(ModelRuntime runtime) {
    this.runtime = runtime;
    this.channel = Grpc.newChannelBuilderForAddress("localhost", runtime.port(), InsecureChannelCredentials.create())
        .build();
  }

  /** Starts it on {@code modelDir}: one predictor, one warmup run, 8 calls in flight, 4 MiB messages, 5 s grace. */
  public static LoopbackRuntime start(Path modelDir, ModelSource source) throws IOException {
    RuntimeConfig config = new RuntimeConfig(0, modelDir, 4 << 20, 1, 0, 0, 1, Optional.empty(),
        ResponseEncoding.AS_REQUEST, Duration.ofSeconds(5), "info", 8, 1 << 20, TfServingOptions.none());
    return new LoopbackRuntime(new ModelRuntime(config, source).start());
  }

  public ModelRuntime runtime() {
    return runtime;
  }

  @Override
  public ManagedChannel channel() {
    return channel;
  }

  /** Waits up to 120 s for the load to end, served or failed; the state then. */
  public ServingState.Snapshot awaitSettled() throws InterruptedException {
    CountDownLatch settled = new CountDownLatch(1);
    runtime.state().addListener(s -> {
      if (s.phase() != ServingState.Phase.LOADING) {
        settled.countDown();
      }
    });
    assertTrue(settled.await(120, TimeUnit.SECONDS), "the model never finished loading");
    return runtime.state().snapshot();
  }

  @Override
  public void close() {
    channel.shutdownNow();
    runtime.stop();
  }
}
