package org.modelrt.server;

import io.grpc.Channel;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.modelrt.engine.ModelLoader;
import org.modelrt.server.testing.RuntimeStubs;
import org.modelrt.serving.ModelRegistry;
import org.modelrt.serving.ServingState;
import picocli.CommandLine;

/**
 * The runtime in TF Serving mode, in this JVM, started as Main starts it from TF Serving's flags (plus a free port,
 * one predictor and one warmup run), with real engines, and a loopback channel to it. Closing stops both.
 */
final class TfServingRuntime implements RuntimeStubs, AutoCloseable {
  private final TfServingMode mode;
  private final ModelRuntime runtime;
  private final ManagedChannel channel;

  TfServingRuntime(String... flags) throws Exception {
    List<String> args = new ArrayList<>(List.of("--port", "0", "--predictors", "1", "--warmup-runs", "1",
        "--shutdown-grace-seconds", "5"));
    if (!List.of(flags).contains("--rest_api_port")) {
      args.addAll(List.of("--rest_api_port", "0")); // REST off unless the test asks for it
    }
    args.addAll(List.of(flags));
    CommandLineOptions options = new CommandLineOptions();
    new CommandLine(options).parseArgs(args.toArray(String[]::new));
    RuntimeConfig config = options.toConfig();
    mode = new TfServingMode(config.tfServing(), config.engineOptions());
    runtime = new ModelRuntime(config, ModelRegistry.Mode.TF_SERVING, mode.entries(), mode.loadingMessage(),
        ModelLoader::load, mode::reload).start();
    mode.watch(runtime.manager());
    channel = Grpc.newChannelBuilderForAddress("localhost", runtime.port(), InsecureChannelCredentials.create())
        .build();
  }

  /** Waits (up to 60 s) until every configured model serves. */
  TfServingRuntime awaitServing() throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (runtime.state().snapshot().phase() != ServingState.Phase.SERVING) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not SERVING after 60 s: " + runtime.state().snapshot());
      }
      Thread.sleep(20);
    }
    return this;
  }

  ModelRuntime runtime() {
    return runtime;
  }

  @Override
  public Channel channel() {
    return channel;
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    runtime.stop();
    mode.close();
  }
}
