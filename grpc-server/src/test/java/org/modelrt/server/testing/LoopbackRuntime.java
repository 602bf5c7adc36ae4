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
import org.modelrt.serving.batching.BatchingConfig;
import org.modelrt.server.rpc.RuntimeServer;
import org.modelrt.server.tls.TlsSettings;
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
    return start(modelDir, source, 8, BatchingConfig.OFF, "");
  }

  /** {@link #start(Path, ModelSource)} writing the access log to {@code accessLog} ({@code ""}: none). */
  public static LoopbackRuntime start(Path modelDir, ModelSource source, String accessLog) throws IOException {
    return start(modelDir, source, 8, BatchingConfig.OFF, accessLog);
  }

  /** As {@link #start(Path, ModelSource)}, with {@code maxInFlight} calls and calls batched as {@code batching} says. */
  public static LoopbackRuntime start(Path modelDir, ModelSource source, int maxInFlight, BatchingConfig batching)
      throws IOException {
    return start(modelDir, source, maxInFlight, batching, "");
  }

  private static LoopbackRuntime start(Path modelDir, ModelSource source, int maxInFlight, BatchingConfig batching,
      String accessLog) throws IOException {
    RuntimeConfig config = new RuntimeConfig(0, modelDir, 4 << 20, 1, 0, 0, 1, Optional.empty(),
        ResponseEncoding.AS_REQUEST, Duration.ofSeconds(5), "info", maxInFlight, 1 << 20, TfServingOptions.none(),
        batching, accessLog, "text", RuntimeServer.Limits.DEFAULT_MAX_METADATA_BYTES, TlsSettings.PLAINTEXT);
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
