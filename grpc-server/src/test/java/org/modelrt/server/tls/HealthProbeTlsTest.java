package org.modelrt.server.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.Grpc;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelrt.server.cli.HealthProbe;
import org.modelrt.server.rpc.RuntimeServer;
import org.modelrt.server.testing.FakeModel;
import org.modelrt.server.testing.ServerHarness;

/** The bundled health probe against a runtime serving mutual TLS: SERVING with its certificate, 1 without. */
final class HealthProbeTlsTest {
  @AutoClose
  private static final FakeModel model = new FakeModel();

  @TempDir
  Path dir;

  @Test
  void theProbe_speaksMutualTls_whenGivenItsFiles() throws Exception {
    TestPki.Ca ca = TestPki.Ca.create("probe CA");
    Path cert = dir.resolve("tls.crt");
    Path key = dir.resolve("tls.key");
    Path caFile = dir.resolve("ca.crt");
    ca.server("runtime").write(cert, key, Duration.ZERO);
    Files.writeString(caFile, ca.pem());
    Path probeCert = dir.resolve("probe.crt");
    Path probeKey = dir.resolve("probe.key");
    ca.client("probe").write(probeCert, probeKey, Duration.ZERO);
    try (ServerTls tls = ServerTls.open(new TlsSettings(Optional.of(cert), Optional.of(key), Optional.of(caFile),
        Optional.empty(), Duration.ofSeconds(60)))) {
      RuntimeServer server = new RuntimeServer(Grpc.newServerBuilderForPort(0, tls.credentials()),
          ServerHarness.LIMITS.pipeline(ServerHarness.servingState(model).registry()), ServerHarness.LIMITS).start();
      try {
        String addr = "localhost:" + server.port();
        assertEquals(0, probe("--addr", addr, "--tls-ca-file", caFile.toString(), "--tls-cert-file",
            probeCert.toString(), "--tls-key-file", probeKey.toString()));
        assertEquals(1, probe("--addr", addr, "--tls-ca-file", caFile.toString()), "no client certificate");
        assertEquals(1, probe("--addr", addr), "plaintext");
      } finally {
        server.drain(Duration.ofSeconds(2));
      }
    }
  }

  private static int probe(String... args) {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(sink, true, StandardCharsets.UTF_8);
    return HealthProbe.run(args, out, out);
  }
}
