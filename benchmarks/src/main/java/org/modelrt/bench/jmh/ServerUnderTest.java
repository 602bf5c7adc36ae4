package org.modelrt.bench.jmh;

import io.grpc.ServerBuilder;
import java.io.IOException;
import org.modelrt.bench.echo.EchoServer;

/**
 * The server an end-to-end benchmark calls: modelrt serving a tiny model, or the bare grpc-java echo baseline, built
 * on the same {@link ServerBuilder} so both pay the same transport. Closing it stops the server and frees the model.
 */
interface ServerUnderTest extends AutoCloseable {

  /** The bound port (Netty) or -1 (in-process). */
  int port();

  @Override
  void close();

  /** The echo baseline. */
  static ServerUnderTest echo(ServerBuilder<?> builder) throws IOException {
    EchoServer echo = new EchoServer(builder, EchoServer.DEFAULT_THREADS).start();
    return new ServerUnderTest() {
      @Override
      public int port() {
        return echo.port();
      }

      @Override
      public void close() {
        echo.close();
      }
    };
  }
}
