package org.modelrt.server.cli;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A {@code grpc_health_probe} for images without one: {@code java -cp modelrt.jar org.modelrt.server.cli.HealthProbe}
 * asks {@code grpc.health.v1.Health/Check} and exits 0 only when the answer is SERVING, 1 otherwise (unhealthy,
 * unreachable or a bad flag), as a Docker HEALTHCHECK expects.
 */
@Command(name = "modelrt-health-probe", sortOptions = false,
    description = "Exits 0 when the runtime's grpc.health.v1 Check answers SERVING, 1 otherwise.")
public final class HealthProbe {
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--addr", paramLabel = "HOST:PORT", defaultValue = "localhost:${env:APP_PORT:-9090}",
      description = "The runtime. Default localhost:$APP_PORT (9090 when unset).")
  String address;

  @Option(names = "--service", paramLabel = "NAME", defaultValue = "",
      description = "The service to ask about; default \"\" (the whole server).")
  String service;

  @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "2000", description = "Default 2000.")
  long timeoutMs;

  private HealthProbe() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the probe; returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    HealthProbe probe = new HealthProbe();
    CommandLine cli = new CommandLine(probe);
    try {
      cli.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      err.println("modelrt-health-probe: " + e.getMessage());
      return 1;
    }
    if (cli.isUsageHelpRequested()) {
      cli.usage(out);
      return 0;
    }
    return probe.check(out, err);
  }

  private int check(PrintStream out, PrintStream err) {
    ManagedChannel channel;
    try {
      channel = Channels.open(address, 9090);
    } catch (IllegalArgumentException e) {
      err.println("modelrt-health-probe: " + e.getMessage());
      return 1;
    }
    try {
      ServingStatus status = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(timeoutMs, TimeUnit.MILLISECONDS)
          .check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
      out.println("status: " + status);
      return status == ServingStatus.SERVING ? 0 : 1;
    } catch (StatusRuntimeException e) {
      err.println("modelrt-health-probe: " + address + ": " + e.getStatus().getCode() + " "
          + (e.getStatus().getDescription() == null ? "" : e.getStatus().getDescription()));
      return 1;
    } finally {
      channel.shutdownNow();
    }
  }
}
