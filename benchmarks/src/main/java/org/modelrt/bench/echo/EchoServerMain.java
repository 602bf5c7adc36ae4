package org.modelrt.bench.echo;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the echo baseline as its own process, plaintext on a port, so the load generator can drive it exactly as it
 * drives the packaged runtime (same client, same process boundary).
 */
@Command(name = "echo-server", mixinStandardHelpOptions = true,
    description = "Bare grpc-java G2/G3 Predict echo server: the baseline for modelrt's end-to-end numbers.")
public final class EchoServerMain implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "9091", description = "Port to listen on; default ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--threads", defaultValue = "" + EchoServer.DEFAULT_THREADS,
      description = "Handler threads; default ${DEFAULT-VALUE}, as the runtime.")
  int threads;

  public static void main(String[] args) {
    System.exit(new CommandLine(new EchoServerMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    EchoServer server = new EchoServer(
        Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create()), threads).start();
    System.out.println("echo server listening on port " + server.port());
    server.awaitTermination();
    return 0;
  }
}
