package org.modelrt.server.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.util.AdvancedTlsX509KeyManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelrt.engine.ModelLoader;
import org.modelrt.fixtures.TestModels;
import org.modelrt.server.ModelRuntime;
import org.modelrt.server.RuntimeConfig;
import org.modelrt.server.TfServingOptions;
import org.modelrt.server.rpc.RuntimeServer;
import org.modelrt.serving.batching.BatchingConfig;
import org.modelrt.serving.codec.ResponseEncoding;
import org.modelrt.serving.ServingState;
import org.slf4j.LoggerFactory;

/**
 * The REST port of a runtime serving pt_linear with mutual TLS, over real HTTPS clients with certificates made in
 * the test: HTTPS only (plaintext and silent clients are closed), mutual TLS refuses clients without a certificate
 * of the client CA at the handshake, and a rotation of the gRPC port's files reaches new REST and gRPC connections
 * alike while an open keep-alive connection keeps serving.
 */
final class RestTlsTest {
  private static final String GET_MODEL = "GET /v1/models/default HTTP/1.1\r\nHost: localhost\r\n\r\n";
  private static final String PREDICT_BODY = "{\"instances\": [[1.0, 2.0, 3.0, 4.0]]}";
  /** pt_linear's y for x = [1, 2, 3, 4] (test-models/pt_linear/expected.json), to the digits JSON shows. */
  private static final Pattern PREDICTION = Pattern.compile(
      "\\{\"predictions\": ?\\[\\[(-2\\.6514\\d*), ?(1\\.3004\\d*), ?(-0\\.8323\\d*)]]}");

  @TempDir
  Path dir;

  private final TestPki.Ca ca = TestPki.Ca.create("REST test CA");
  private final TestPki.Ca otherCa = TestPki.Ca.create("another CA");
  private ModelRuntime runtime;
  private Path certFile;
  private Path keyFile;

  @AfterEach
  void stop() {
    if (runtime != null) {
      runtime.stop();
    }
  }

  @Test
  void mutualTls_servesCaSignedClients_andRefusesTheRest_atTheHandshake_withoutErrorLogs() throws Exception {
    int port = start(ca.server("server"), Duration.ofSeconds(3));
    TestPki.Issued client = ca.client("client");

    HttpClient trusted = https(context(client, ca));
    HttpResponse<String> status = trusted.send(get(port), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, status.statusCode(), status.body());
    assertTrue(status.body().contains("\"state\": \"AVAILABLE\""), status.body());
    HttpResponse<String> predict = trusted.send(predict(port), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, predict.statusCode(), predict.body());
    assertTrue(PREDICTION.matcher(predict.body()).matches(), predict.body());

    ListAppender<ILoggingEvent> logs = captureLogs();
    try {
      for (TestPki.Issued refused : new TestPki.Issued[] {null, otherCa.client("stranger")}) {
        IOException e = assertThrows(IOException.class,
            () -> https(context(refused, ca)).send(get(port), HttpResponse.BodyHandlers.ofString()),
            refused == null ? "no client certificate" : "a certificate from another CA");
        assertTrue(String.valueOf(e.getMessage()).matches("(?i).*(alert|certificate|closed|handshake).*"),
            "not a handshake failure: " + e);
      }
      assertClosedWithoutAnswer(port, GET_MODEL, "plaintext HTTP");
      assertClosedWithoutAnswer(port, "", "a client that sends nothing");
      Thread.sleep(200); // the event loops log (if they log) as they close, before or just after the client sees it
    } finally {
      ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    }
    for (ILoggingEvent event : List.copyOf(logs.list)) {
      assertTrue(!event.getLevel().isGreaterOrEqual(Level.WARN) && event.getThrowableProxy() == null,
          "a client's bad handshake logged " + event.getLevel() + " " + event.getLoggerName() + ": "
              + event.getFormattedMessage());
    }
    assertEquals(200, trusted.send(get(port), HttpResponse.BodyHandlers.ofString()).statusCode(), "still serving");
  }

  @Test
  void rotatedFiles_reachNewRestAndGrpcConnections_whileAnOpenKeepAliveConnectionKeepsServing() throws Exception {
    TestPki.Issued first = ca.server("first");
    int port = start(first, Duration.ofSeconds(60)); // an idle connection outlives the rotation
    TestPki.Issued client = ca.client("client");
    try (SSLSocket kept = openTls(port, context(client, ca, otherCa))) {
      assertEquals(200, exchange(kept, GET_MODEL).status());
      assertEquals(first.certificate(), kept.getSession().getPeerCertificates()[0]);

      TestPki.Issued second = otherCa.server("second");
      second.write(certFile, keyFile, Duration.ofSeconds(5));

      // A client trusting only the new CA connects once the files are re-read (--tls-refresh-seconds 1).
      SSLContext onlyNew = context(client, otherCa);
      HttpResponse<String> fresh = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (fresh == null && System.nanoTime() < deadline) {
        Thread.sleep(200);
        assertEquals(200, exchange(kept, GET_MODEL).status(), "a call on the open connection during the rotation");
        try {
          fresh = https(onlyNew).send(get(port), HttpResponse.BodyHandlers.ofString());
        } catch (IOException notYet) {
          // still the first certificate, which this client does not trust
        }
      }
      assertTrue(fresh != null, "no new REST connection got the rotated certificate within 30 s");
      assertEquals(200, fresh.statusCode(), fresh.body());
      assertEquals(second.certificate(), fresh.sslSession().orElseThrow().getPeerCertificates()[0]);
      assertEquals(HealthCheckResponse.ServingStatus.SERVING, grpcHealth(runtime.port(), client, otherCa),
          "the gRPC port serves the same rotated certificate");

      Reply status = exchange(kept, GET_MODEL);
      assertEquals(200, status.status(), status.body());
      Reply predict = exchange(kept, "POST /v1/models/default:predict HTTP/1.1\r\nHost: localhost\r\n"
          + "Content-Type: application/json\r\nContent-Length: " + PREDICT_BODY.length() + "\r\n\r\n" + PREDICT_BODY);
      assertEquals(200, predict.status(), predict.body());
      assertTrue(PREDICTION.matcher(predict.body()).matches(), predict.body());
      assertEquals(first.certificate(), kept.getSession().getPeerCertificates()[0], "the open connection's session");
    }
  }

  /**
   * Starts the runtime with REST and mutual TLS against {@link #ca}; waits for pt_linear to serve as "default".
   *
   * @param restTimeout {@code --rest_api_timeout_in_ms}: also how long a connection may idle or take to handshake
   */
  private int start(TestPki.Issued server, Duration restTimeout) throws Exception {
    certFile = dir.resolve("tls.crt");
    keyFile = dir.resolve("tls.key");
    server.write(certFile, keyFile, Duration.ZERO);
    Path clientCa = dir.resolve("client-ca.crt");
    Files.writeString(clientCa, ca.pem());
    TfServingOptions rest = new TfServingOptions("", Optional.empty(), Optional.empty(), Duration.ZERO,
        Duration.ofSeconds(1), freePort(), restTimeout); // Hydrosphere mode, REST on
    TlsSettings tls = new TlsSettings(Optional.of(certFile), Optional.of(keyFile), Optional.of(clientCa),
        Optional.empty(), Duration.ofSeconds(1));
    RuntimeConfig config = new RuntimeConfig(0, TestModels.dir("pt_linear"), 4 << 20, 1, 0, 0, 0, Optional.empty(),
        ResponseEncoding.AS_REQUEST, Duration.ofSeconds(1), "info", 8, 1 << 20, rest, BatchingConfig.OFF, "", "text",
        RuntimeServer.Limits.DEFAULT_MAX_METADATA_BYTES, tls);
    runtime = new ModelRuntime(config, ModelLoader::load).start();
    long end = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (runtime.state().snapshot().phase() == ServingState.Phase.LOADING && System.nanoTime() < end) {
      Thread.sleep(20);
    }
    assertEquals(ServingState.Phase.SERVING, runtime.state().snapshot().phase(), runtime.state().snapshot().message());
    return runtime.restPort();
  }

  /**
   * Sends {@code request} in plaintext (nothing, for a silent client) and reads until the server closes: it must
   * close within the handshake bound (the 3 s stall timeout here) and never answer HTTP.
   */
  private static void assertClosedWithoutAnswer(int port, String request, String what) throws IOException {
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(15_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      try {
        socket.getInputStream().transferTo(received);
      } catch (SocketTimeoutException e) {
        fail(what + ": the connection was still open after 15 s");
      } catch (SocketException reset) {
        // closed with a reset: refused as well
      }
      String text = received.toString(StandardCharsets.ISO_8859_1);
      assertTrue(!text.contains("HTTP/"), what + " was answered: " + text);
    }
  }

  private static HttpRequest get(int port) {
    return HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/v1/models/default"))
        .timeout(Duration.ofSeconds(30)).build();
  }

  private static HttpRequest predict(int port) {
    return HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/v1/models/default:predict"))
        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(PREDICT_BODY)).build();
  }

  /** A new client, so its first request opens a new connection. */
  private static HttpClient https(SSLContext context) {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(context)
        .connectTimeout(Duration.ofSeconds(10)).build();
  }

  /**
   * A client context trusting {@code trusted}, presenting {@code client} (null: no certificate) whatever CAs the
   * server lists, as curl does, so a stranger's certificate really reaches the server's check.
   */
  private static SSLContext context(TestPki.Issued client, TestPki.Ca... trusted) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    for (int i = 0; i < trusted.length; i++) {
      trust.setCertificateEntry("ca" + i, trusted[i].self().certificate());
    }
    TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    KeyManager[] keys = null;
    if (client != null) {
      AdvancedTlsX509KeyManager identity = new AdvancedTlsX509KeyManager();
      identity.updateIdentityCredentials(new X509Certificate[] {client.certificate()}, client.keys().getPrivate());
      keys = new KeyManager[] {identity};
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys, trustManagers.getTrustManagers(), null);
    return context;
  }

  private static SSLSocket openTls(int port, SSLContext context) throws IOException {
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", port);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    socket.setSSLParameters(parameters);
    socket.setSoTimeout(30_000);
    socket.startHandshake();
    return socket;
  }

  private record Reply(int status, String body) {}

  /** One HTTP/1.1 request and its response on an open connection (the server answers with Content-Length). */
  private static Reply exchange(SSLSocket socket, String request) throws IOException {
    socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
    socket.getOutputStream().flush();
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        fail("the connection closed mid-response: " + head.toString(StandardCharsets.ISO_8859_1));
      }
      head.write(b);
    }
    String headers = head.toString(StandardCharsets.ISO_8859_1);
    Matcher length = Pattern.compile("(?i)\r\ncontent-length: *(\\d+)").matcher(headers);
    assertTrue(length.find(), headers);
    byte[] body = in.readNBytes(Integer.parseInt(length.group(1)));
    return new Reply(Integer.parseInt(headers.substring(9, 12)), new String(body, StandardCharsets.UTF_8));
  }

  private HealthCheckResponse.ServingStatus grpcHealth(int port, TestPki.Issued client, TestPki.Ca trusted)
      throws IOException {
    Path trust = dir.resolve("grpc-trust.pem");
    Files.writeString(trust, trusted.pem());
    Path cert = dir.resolve("grpc-client.crt");
    Path key = dir.resolve("grpc-client.key");
    client.write(cert, key, Duration.ZERO);
    ManagedChannel channel = Grpc.newChannelBuilderForAddress("localhost", port, TlsChannelCredentials.newBuilder()
        .trustManager(trust.toFile()).keyManager(cert.toFile(), key.toFile()).build()).build();
    try {
      return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
          .check(HealthCheckRequest.getDefaultInstance()).getStatus();
    } finally {
      channel.shutdownNow();
    }
  }

  private static ListAppender<ILoggingEvent> captureLogs() {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(appender);
    return appender;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
