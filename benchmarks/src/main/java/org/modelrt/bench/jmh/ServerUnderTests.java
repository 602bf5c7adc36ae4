package org.modelrt.bench.jmh;

import io.grpc.ServerBuilder;
import java.nio.file.Path;

/** Starts a {@link ServerUnderTest} by its benchmark parameter name. */
final class ServerUnderTests {
  private ServerUnderTests() {}

  static ServerUnderTest start(String kind, ServerBuilder<?> builder, Path modelDir) throws Exception {
    return switch (kind) {
      case "echo" -> ServerUnderTest.echo(builder);
      case "modelrt" -> new RuntimeUnderTest(builder, modelDir);
      default -> throw new IllegalArgumentException("server '" + kind + "': use echo or modelrt");
    };
  }
}
