package org.modelrt.server.cli;

import com.google.protobuf.Empty;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import org.modelrt.wire.tfserving.service.PredictionServiceGrpc;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A {@code grpc_health_probe} for images without one: {@code java -cp modelrt.jar org.modelrt.server.cli.HealthProbe}
 * asks {@code grpc.health.v1.Health/Check} and exits 0 only when the answer is SERVING, 1 otherwise (unhealthy,
 * unreachable or a bad flag), as a Docker HEALTHCHECK expects. With {@code --wait-seconds} it polls until the runtime
 * has decided (SERVING, or NOT_SERVING after a failed load), for scripts that start a runtime and wait for it; a
 * NOT_SERVING answer is printed with the reason the runtime's G2 Status gives. With {@code --tls-ca-file} (and a
 * certificate for mutual TLS) it probes a runtime serving TLS.
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

  @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "2000",
      description = "Deadline of each Check. Default 2000.")
  long timeoutMs;

  @Option(names = "--wait-seconds", paramLabel = "S", defaultValue = "0",
      description = "Ask every 20 ms until the answer is SERVING or NOT_SERVING, for at most S seconds."
          + " Default 0: ask once.")
  long waitSeconds;

  @Option(names = "--tls-ca-file", paramLabel = "PEM", defaultValue = "${env:MODELRT_PROBE_TLS_CA_FILE:-}",
      description = "Speak TLS, trusting these CA certificates (PEM). Env MODELRT_PROBE_TLS_CA_FILE; default"
          + " plaintext.")
  String tlsCaFile;

  @Option(names = "--tls-cert-file", paramLabel = "PEM", defaultValue = "${env:MODELRT_PROBE_TLS_CERT_FILE:-}",
      description = "Mutual TLS: the probe's certificate chain (PEM). Env MODELRT_PROBE_TLS_CERT_FILE.")
  String tlsCertFile;

  @Option(names = "--tls-key-file", paramLabel = "PEM", defaultValue = "${env:MODELRT_PROBE_TLS_KEY_FILE:-}",
      description = "Mutual TLS: the key (PEM PKCS#8) of --tls-cert-file. Env MODELRT_PROBE_TLS_KEY_FILE.")
  String tlsKeyFile;

  @Option(names = "--tls-authority", paramLabel = "HOST", defaultValue = "${env:MODELRT_PROBE_TLS_AUTHORITY:-}",
      description = "The host name to check the server's certificate against, when it is not the address's"
          + " (a pod probing itself as localhost). Env MODELRT_PROBE_TLS_AUTHORITY.")
  String tlsAuthority;

  /** Between two Checks while waiting: short, so that a script sees the decision within a few tens of ms. */
  private static final long POLL_MS = 20;

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
      channel = Channels.open(address, 9090, credentials(), tlsAuthority);
    } catch (IllegalArgumentException | java.io.IOException e) {
      err.println("modelrt-health-probe: " + e.getMessage());
      return 1;
    }
    try {
      return poll(channel, out, err);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } finally {
      channel.shutdownNow();
    }
  }

  /** Plaintext, or TLS (mutual with a certificate) when a CA file is given. */
  private ChannelCredentials credentials() throws java.io.IOException {
    if (tlsCaFile.isBlank()) {
      if (!tlsCertFile.isBlank() || !tlsKeyFile.isBlank()) {
        throw new IllegalArgumentException("--tls-cert-file and --tls-key-file need --tls-ca-file");
      }
      return InsecureChannelCredentials.create();
    }
    TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder().trustManager(new java.io.File(tlsCaFile));
    if (tlsCertFile.isBlank() != tlsKeyFile.isBlank()) {
      throw new IllegalArgumentException("--tls-cert-file and --tls-key-file go together");
    }
    if (!tlsCertFile.isBlank()) {
      tls.keyManager(new java.io.File(tlsCertFile), new java.io.File(tlsKeyFile));
    }
    return tls.build();
  }

  /** Checks once, or until decided when waiting; prints the last answer. */
  private int poll(ManagedChannel channel, PrintStream out, PrintStream err) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
    while (true) {
      try {
        ServingStatus status = HealthGrpc.newBlockingStub(channel)
            .withDeadlineAfter(timeoutMs, TimeUnit.MILLISECONDS)
            .check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
        boolean decided = status == ServingStatus.SERVING || status == ServingStatus.NOT_SERVING;
        if (decided || System.nanoTime() >= deadline) {
          out.println("status: " + status + (status == ServingStatus.NOT_SERVING ? ": " + reason(channel) : ""));
          return status == ServingStatus.SERVING ? 0 : 1;
        }
      } catch (StatusRuntimeException e) {
        if (System.nanoTime() >= deadline) {
          err.println("modelrt-health-probe: " + address + ": " + e.getStatus().getCode() + " "
              + (e.getStatus().getDescription() == null ? "" : e.getStatus().getDescription()));
          return 1;
        }
      }
      Thread.sleep(POLL_MS);
    }
  }

  /** Why the runtime is not serving, from its G2 Status (health has no message field). */
  private String reason(ManagedChannel channel) {
    try {
      return PredictionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(timeoutMs, TimeUnit.MILLISECONDS)
          .status(Empty.getDefaultInstance()).getMessage();
    } catch (StatusRuntimeException e) {
      return "(no reason: Status answered " + e.getStatus().getCode() + ")";
    }
  }
}
