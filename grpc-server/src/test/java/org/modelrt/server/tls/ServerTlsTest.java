package org.modelrt.server.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.TextFormat;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelrt.server.rpc.RuntimeServer;
import org.modelrt.server.testing.FakeModel;
import org.modelrt.server.testing.ServerHarness;
import org.modelrt.wire.tfserving.config.SSLConfig;

/**
 * The runtime's gRPC server over real loopback Netty with TLS from {@link ServerTls}, with CAs and certificates made
 * in the test: TLS calls succeed, plaintext is refused, mutual TLS refuses clients without a certificate or with one
 * from another CA, and rotated files serve new connections while an open channel keeps working.
 */
final class ServerTlsTest {
  private static final Duration REFRESH = Duration.ofSeconds(1);

  @AutoClose
  private static final FakeModel model = new FakeModel();

  @TempDir
  Path dir;

  private final List<AutoCloseable> open = new ArrayList<>();
  private final TestPki.Ca ca = TestPki.Ca.create("modelrt test CA");
  private final TestPki.Ca otherCa = TestPki.Ca.create("another CA");

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void aTlsCall_succeeds_andPlaintextIsRefused() throws Exception {
    int port = serve(files(ca.server("server"), null));

    assertEquals(HealthCheckResponse.ServingStatus.SERVING, check(channel(port, trust(ca), null)));

    ManagedChannel plaintext = track(Grpc.newChannelBuilderForAddress("localhost", port,
        InsecureChannelCredentials.create()).build());
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> check(plaintext));
    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.getStatus().toString());
  }

  @Test
  void mutualTls_refusesClientsWithoutACertificateOrWithOneFromAnotherCa_atTheHandshake() throws Exception {
    int port = serve(files(ca.server("server"), ca));

    assertEquals(HealthCheckResponse.ServingStatus.SERVING, check(channel(port, trust(ca), ca.client("client"))));
    for (TestPki.Issued client : new TestPki.Issued[] {null, otherCa.client("stranger")}) {
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
          () -> check(channel(port, trust(ca), client)));
      assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.getStatus().toString());
    }
  }

  @Test
  void rotatedFiles_serveNewConnections_whileAnOpenChannelKeepsWorking() throws Exception {
    TestPki.Issued first = ca.server("first");
    TlsSettings settings = files(first, null);
    int port = serve(settings);
    Path trustBoth = dir.resolve("both-cas.pem");
    Files.writeString(trustBoth, ca.pem() + otherCa.pem());
    ManagedChannel kept = channel(port, trustBoth, null);
    assertEquals(first.certificate(), servedCertificate(kept));

    TestPki.Issued second = otherCa.server("second");
    second.write(settings.certFile().get(), settings.keyFile().get(), Duration.ofSeconds(5));

    assertEquals(second.certificate(), awaitNewConnectionsServe(second.certificate(), port, trustBoth));
    assertEquals(HealthCheckResponse.ServingStatus.SERVING, check(kept));
    assertEquals(first.certificate(), servedCertificate(kept), "the open connection keeps its session");
  }

  /**
   * The trust is re-read at once; the CA names the server lists in its certificate request stay those it started
   * with, so this client sends its certificate whatever the list says (README "TLS", Rotation).
   */
  @Test
  void aRotatedClientCaFile_admitsTheNewCasClients_onNewConnections() throws Exception {
    TlsSettings settings = files(ca.server("server"), ca);
    int port = serve(settings);
    TestPki.Issued stranger = otherCa.client("stranger");
    assertThrows(StatusRuntimeException.class, () -> check(anyCaChannel(port, trust(ca), stranger)));

    TestPki.writeStamped(settings.clientCaFile().get(), ca.pem() + otherCa.pem(), Duration.ofSeconds(5));

    Instant deadline = Instant.now().plusSeconds(20);
    HealthCheckResponse.ServingStatus answer = null;
    while (answer == null && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
      try {
        answer = check(anyCaChannel(port, trust(ca), stranger));
      } catch (StatusRuntimeException notYet) {
        // the handshake still refuses it until the file is re-read
      }
    }
    assertEquals(HealthCheckResponse.ServingStatus.SERVING, answer);
  }

  @Test
  void aHalfDoneRotation_aNewCertificateWithTheOldKey_isNotInstalled_untilItsKeyArrives() throws Exception {
    TestPki.Issued first = ca.server("first");
    TlsSettings settings = files(first, null);
    int port = serve(settings);
    Path trust = trust(ca);
    TestPki.Issued second = ca.server("second");

    TestPki.writeStamped(settings.certFile().get(), second.certificatePem(), Duration.ofSeconds(5));
    Thread.sleep(3 * REFRESH.toMillis());
    assertEquals(first.certificate(), servedCertificate(channel(port, trust, null)), "the old pair still serves");

    TestPki.writeStamped(settings.keyFile().get(), second.keyPem(), Duration.ofSeconds(5));
    assertEquals(second.certificate(), awaitNewConnectionsServe(second.certificate(), port, trust));
  }

  @Test
  void aKeyThatIsNotTheCertificates_failsAtStart() throws Exception {
    TlsSettings settings = files(ca.server("server"), null);
    Files.writeString(settings.keyFile().get(), ca.server("other").keyPem());

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServerTls.open(settings));

    assertTrue(e.getMessage().endsWith("the private key does not belong to the certificate CN=server"),
        e.getMessage());
  }

  @Test
  void sslConfigFile_servesMutualTls_andIsReReadWhenItChanges() throws Exception {
    TestPki.Issued first = ca.server("first");
    Path config = dir.resolve("ssl_config.txt");
    writeSslConfig(config, first, ca, true, Duration.ZERO);
    int port = serve(new TlsSettings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(config),
        REFRESH));
    Path trustBoth = dir.resolve("both-cas.pem");
    Files.writeString(trustBoth, ca.pem() + otherCa.pem());
    TestPki.Issued client = ca.client("client");

    ManagedChannel kept = channel(port, trustBoth, client);
    assertEquals(first.certificate(), servedCertificate(kept));
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> check(channel(port, trustBoth, null)));
    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());

    TestPki.Issued second = otherCa.server("second");
    writeSslConfig(config, second, ca, true, Duration.ofSeconds(5));

    Instant deadline = Instant.now().plusSeconds(20);
    X509Certificate served = null;
    while (Instant.now().isBefore(deadline) && !second.certificate().equals(served)) {
      Thread.sleep(200);
      served = servedCertificate(channel(port, trustBoth, client));
    }
    assertEquals(second.certificate(), served);
    assertEquals(HealthCheckResponse.ServingStatus.SERVING, check(kept));
  }

  @Test
  void aKeyThatIsNotPkcs8Pem_failsAtStart_namingTheFlags() throws Exception {
    TlsSettings settings = files(ca.server("server"), null);
    Files.writeString(settings.keyFile().get(), "not a key");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServerTls.open(settings));

    assertTrue(e.getMessage().startsWith("--tls-cert-file " + settings.certFile().get() + " and --tls-key-file "
        + settings.keyFile().get() + " cannot be used"), e.getMessage());
  }

  @Test
  void anSslConfigWithClientVerifyButNoCustomCa_isRefused() throws Exception {
    Path config = dir.resolve("ssl_config.txt");
    TestPki.Issued server = ca.server("server");
    Files.writeString(config, TextFormat.printer().printToString(SSLConfig.newBuilder()
        .setServerCert(server.certificatePem()).setServerKey(server.keyPem()).setClientVerify(true).build()));

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServerTls.open(
        new TlsSettings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(config), REFRESH)));

    assertTrue(e.getMessage().contains("client_verify: true but no custom_ca"), e.getMessage());
  }

  private X509Certificate awaitNewConnectionsServe(X509Certificate wanted, int port, Path trust) throws Exception {
    Instant deadline = Instant.now().plusSeconds(20);
    X509Certificate served = null;
    while (Instant.now().isBefore(deadline) && !wanted.equals(served)) {
      Thread.sleep(200);
      served = servedCertificate(channel(port, trust, null));
    }
    return served;
  }

  private TlsSettings files(TestPki.Issued server, TestPki.Ca clientCa) throws IOException {
    Path cert = dir.resolve("tls.crt");
    Path key = dir.resolve("tls.key");
    server.write(cert, key, Duration.ZERO);
    Optional<Path> ca = Optional.empty();
    if (clientCa != null) {
      ca = Optional.of(dir.resolve("client-ca.crt"));
      Files.writeString(ca.get(), clientCa.pem());
    }
    return new TlsSettings(Optional.of(cert), Optional.of(key), ca, Optional.empty(), REFRESH);
  }

  private static void writeSslConfig(Path file, TestPki.Issued server, TestPki.Ca clientCa, boolean verify,
      Duration age) throws IOException {
    TestPki.writeStamped(file, TextFormat.printer().printToString(SSLConfig.newBuilder()
        .setServerCert(server.certificatePem()).setServerKey(server.keyPem()).setCustomCa(clientCa.pem())
        .setClientVerify(verify).build()), age);
  }

  private Path trust(TestPki.Ca trusted) throws IOException {
    Path file = dir.resolve("trust-" + System.nanoTime() + ".pem");
    Files.writeString(file, trusted.pem());
    return file;
  }

  private int serve(TlsSettings settings) throws IOException {
    ServerTls tls = track(ServerTls.open(settings));
    RuntimeServer server = new RuntimeServer(Grpc.newServerBuilderForPort(0, tls.credentials()),
        ServerHarness.LIMITS.pipeline(ServerHarness.servingState(model).registry()), ServerHarness.LIMITS).start();
    open.add(() -> server.drain(Duration.ofSeconds(2)));
    return server.port();
  }

  private ManagedChannel channel(int port, Path trust, TestPki.Issued client) throws IOException {
    TlsChannelCredentials.Builder credentials = TlsChannelCredentials.newBuilder().trustManager(trust.toFile());
    if (client != null) {
      Path cert = dir.resolve("client-" + System.nanoTime() + ".crt");
      Path key = dir.resolve("client-" + System.nanoTime() + ".key");
      client.write(cert, key, Duration.ZERO);
      credentials.keyManager(cert.toFile(), key.toFile());
    }
    return track(Grpc.newChannelBuilderForAddress("localhost", port, credentials.build()).build());
  }

  /**
   * A client that sends its certificate whatever CAs the server lists in its certificate request, as most non-Java
   * clients do (a JDK key manager sends none when its issuer is not listed).
   */
  private ManagedChannel anyCaChannel(int port, Path trust, TestPki.Issued client) throws IOException {
    io.grpc.util.AdvancedTlsX509KeyManager keys = new io.grpc.util.AdvancedTlsX509KeyManager();
    keys.updateIdentityCredentials(new X509Certificate[] {client.certificate()}, client.keys().getPrivate());
    return track(Grpc.newChannelBuilderForAddress("localhost", port, TlsChannelCredentials.newBuilder()
        .trustManager(trust.toFile()).keyManager(keys).build()).build());
  }

  private <T extends AutoCloseable> T track(T closeable) {
    open.add(closeable);
    return closeable;
  }

  private ManagedChannel track(ManagedChannel channel) {
    open.add(channel::shutdownNow);
    return channel;
  }

  private static HealthCheckResponse.ServingStatus check(Channel channel) {
    return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
        .check(HealthCheckRequest.getDefaultInstance()).getStatus();
  }

  /** The certificate the server presented on this channel's connection, seen from a call's TLS session. */
  private static X509Certificate servedCertificate(Channel channel) throws SSLPeerUnverifiedException {
    AtomicReference<SSLSession> session = new AtomicReference<>();
    check(ClientInterceptors.intercept(channel, new SessionCapture(session)));
    Certificate[] chain = session.get().getPeerCertificates();
    return (X509Certificate) chain[0];
  }

  private record SessionCapture(AtomicReference<SSLSession> session) implements ClientInterceptor {
    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
      return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
        @Override
        public void start(Listener<R> listener, Metadata headers) {
          ClientCall<Q, R> call = this;
          super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
            @Override
            public void onHeaders(Metadata received) {
              session.set(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
              super.onHeaders(received);
            }
          }, headers);
        }
      };
    }
  }
}
