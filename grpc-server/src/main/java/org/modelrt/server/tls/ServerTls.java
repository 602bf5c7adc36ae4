package org.modelrt.server.tls;

import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC port's credentials from {@link TlsSettings}: plaintext, TLS, or mutual TLS (a client must present a
 * certificate that chains to the client CAs, or the handshake fails). Certificates are held by grpc-java's
 * AdvancedTls key and trust managers and re-read every refresh period, so a rotated certificate serves new
 * connections while open ones keep theirs; no call is dropped. Plaintext clients are refused at the handshake. The
 * REST port serves HTTPS from the same managers ({@link RestTls}), so it rotates with this one.
 *
 * <p>Thread-safe. {@link #close()} stops re-reading; the credentials keep the last certificates.
 */
public final class ServerTls implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ServerTls.class);

  private final ServerCredentials credentials;
  private final ScheduledExecutorService refresher;
  private final X509ExtendedKeyManager keys; // null for plaintext
  private final X509ExtendedTrustManager clientTrust; // null unless mutual TLS

  private ServerTls(ServerCredentials credentials, ScheduledExecutorService refresher, X509ExtendedKeyManager keys,
      X509ExtendedTrustManager clientTrust) {
    this.credentials = credentials;
    this.refresher = refresher;
    this.keys = keys;
    this.clientTrust = clientTrust;
  }

  /**
   * Loads the certificates now (so a bad file fails at start, not at the first handshake) and starts re-reading.
   *
   * @throws IllegalArgumentException naming the flag and the file when a certificate or key cannot be used
   */
  public static ServerTls open(TlsSettings settings) {
    if (!settings.enabled()) {
      return new ServerTls(InsecureServerCredentials.create(), null, null, null);
    }
    ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "modelrt-tls-refresh");
      t.setDaemon(true); // re-reading certificates must never keep the JVM alive
      return t;
    });
    try {
      TlsSource source = settings.sslConfigFile().<TlsSource>map(SslConfigFile::new)
          .orElseGet(() -> new PemFiles(settings.certFile().orElseThrow(), settings.keyFile().orElseThrow(),
              settings.clientCaFile()));
      CredentialReloader reloader = new CredentialReloader(source);
      AdvancedTlsX509KeyManager keys = new AdvancedTlsX509KeyManager();
      AdvancedTlsX509TrustManager trust = reloader.clientVerify() ? clientVerifier() : null;
      reloader.install(keys, trust);
      TlsServerCredentials.Builder builder = TlsServerCredentials.newBuilder().keyManager(keys);
      if (trust != null) {
        builder.trustManager(trust).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
      }
      long period = settings.refresh().toMillis();
      refresher.scheduleWithFixedDelay(() -> reloader.reloadIfChanged(keys, trust), period, period,
          TimeUnit.MILLISECONDS);
      log.info("TLS from {}{}; re-read every {} s", source.describe(),
          trust != null ? ", clients must present a certificate from its CAs" : "", settings.refresh().toSeconds());
      return new ServerTls(builder.build(), refresher, keys, trust);
    } catch (RuntimeException e) {
      refresher.shutdownNow();
      throw e;
    }
  }

  /** The credentials to build the server with. */
  public ServerCredentials credentials() {
    return credentials;
  }

  /**
   * The key manager the credentials serve from, the one re-reading installs new certificates in, so another port
   * served from it (REST's HTTPS) rotates with this one; empty for plaintext.
   */
  public Optional<X509ExtendedKeyManager> keyManager() {
    return Optional.ofNullable(keys);
  }

  /** The trust manager client certificates are checked with, re-read like the keys; empty unless mutual TLS. */
  public Optional<X509ExtendedTrustManager> clientTrust() {
    return Optional.ofNullable(clientTrust);
  }

  /** Stops re-reading the files. */
  @Override
  public void close() {
    if (refresher != null) {
      refresher.shutdownNow();
    }
  }

  /** Verifies client chains against the CAs only: a client has no host name to check. */
  private static AdvancedTlsX509TrustManager clientVerifier() {
    try {
      return AdvancedTlsX509TrustManager.newBuilder()
          .setVerification(AdvancedTlsX509TrustManager.Verification.CERTIFICATE_ONLY_VERIFICATION)
          .build();
    } catch (java.security.cert.CertificateException e) {
      throw new IllegalStateException("the JVM has no X.509 trust manager", e);
    }
  }
}
