package org.modelrt.bench.jmh;

import io.grpc.ServerBuilder;
import java.nio.file.Path;
import java.time.Duration;
import org.modelrt.engine.EngineOptions;
import org.modelrt.engine.LoadedModel;
import org.modelrt.engine.ModelLoader;
import org.modelrt.serving.codec.ResponseEncoding;
import org.modelrt.server.rpc.RuntimeServer;
import org.modelrt.serving.SingleModel;

/**
 * modelrt itself, wired as {@code ModelRuntime} wires it (the model loaded with the default engine options, the
 * runtime's default limits) but on the benchmark's {@link ServerBuilder}, so it runs over Netty and in-process.
 * Closing drains the server, then closes the model.
 */
final class RuntimeUnderTest implements ServerUnderTest {
  /** The runtime's defaults: 512 MiB messages, 128 predicts in flight, 2^27 elements, response as the request. */
  private static final RuntimeServer.Limits LIMITS =
      new RuntimeServer.Limits(512 << 20, 128, 1L << 27, ResponseEncoding.AS_REQUEST);

  private final RuntimeServer server;
  private final LoadedModel model;

  RuntimeUnderTest(ServerBuilder<?> builder, Path modelDir) throws Exception {
    model = ModelLoader.load(modelDir, EngineOptions.defaults());
    SingleModel state = new SingleModel("loading " + modelDir);
    state.serving(model, "serving " + modelDir);
    server = new RuntimeServer(builder, LIMITS.pipeline(state.registry()), LIMITS).start();
  }

  @Override
  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    try {
      server.drain(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      model.close();
    }
  }
}
