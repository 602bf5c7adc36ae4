package org.modelrt.bench.suite;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.modelrt.bench.load.PredictTarget;

/**
 * A server the load stage drives, in its own JVM as in production: the packaged runtime
 * ({@code java -jar grpc-server/target/modelrt.jar}) or the echo baseline. Output goes to a log file. Closing it
 * destroys the process (and waits for it). Not thread-safe.
 */
final class ServerProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final String name;

  private ServerProcess(Process process, int port, String name) {
    this.process = process;
    this.port = port;
    this.name = name;
  }

  /** The runtime serving {@code modelDir}, with these extra JVM flags. */
  static ServerProcess runtime(Path repo, Path modelDir, List<String> jvmFlags, Path log) throws IOException {
    int port = freePort();
    List<String> command = new ArrayList<>(List.of(javaBinary()));
    command.addAll(jvmFlags);
    command.addAll(List.of("-jar", repo.resolve("grpc-server/target/modelrt.jar").toString()));
    Map<String, String> env = Map.of("MODEL_DIR", modelDir.toString(), "APP_PORT", Integer.toString(port),
        "MODELRT_LOG_LEVEL", "warn");
    return start(command, env, log, port, "modelrt");
  }

  /** The echo baseline, with these extra JVM flags. */
  static ServerProcess echo(Path repo, List<String> jvmFlags, Path log) throws IOException {
    int port = freePort();
    List<String> command = new ArrayList<>(List.of(javaBinary()));
    command.addAll(jvmFlags);
    command.addAll(List.of("-cp", repo.resolve("benchmarks/target/benchmarks.jar").toString(),
        "org.modelrt.bench.echo.EchoServerMain", "--port", Integer.toString(port)));
    return start(command, Map.of(), log, port, "echo");
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  String address() {
    return "127.0.0.1:" + port;
  }

  /** Throws when the process has exited. */
  void requireAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException(name + " exited with " + process.exitValue() + " before serving");
    }
  }

  /** Waits until a Predict through {@code target} succeeds (the model loaded and warmed up). */
  void awaitReady(ManagedChannel channel, PredictTarget target, long timeoutMillis) throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (true) {
      requireAlive();
      try {
        target.call().get(5, TimeUnit.SECONDS);
        return;
      } catch (java.util.concurrent.ExecutionException e) {
        if (!(e.getCause() instanceof StatusRuntimeException) || System.currentTimeMillis() > deadline) {
          throw new IllegalStateException(name + " did not serve within " + timeoutMillis + " ms", e);
        }
        Thread.sleep(200);
      }
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static ServerProcess start(List<String> command, Map<String, String> env, Path log, int port,
      String name) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    return new ServerProcess(builder.start(), port, name);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
