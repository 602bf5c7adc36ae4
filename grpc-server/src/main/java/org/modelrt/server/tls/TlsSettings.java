package org.modelrt.server.tls;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How the gRPC and REST ports do TLS (both alike): not at all, from PEM files ({@code --tls-cert-file},
 * {@code --tls-key-file}, and {@code --tls-client-ca-file} for mutual TLS), or from TF Serving's
 * {@code --ssl_config_file} (an SSLConfig text
 * proto holding the PEM contents). Files are re-read every {@code refresh} so rotated certificates take effect
 * without a restart. A value; the constructor refuses combinations that make no sense, naming the flags.
 *
 * @param certFile the server's certificate chain (PEM)
 * @param keyFile the server's private key (PEM, PKCS#8)
 * @param clientCaFile the CA certificates (PEM) a client certificate must chain to; present = mutual TLS
 * @param sslConfigFile a TF Serving SSLConfig text proto, instead of the three files
 * @param refresh how often the files are checked for new contents
 */
public record TlsSettings(Optional<Path> certFile, Optional<Path> keyFile, Optional<Path> clientCaFile,
    Optional<Path> sslConfigFile, Duration refresh) {
  /** The default refresh period: cert-manager renews well ahead of expiry, so a minute is soon enough. */
  public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(60);
  /** No TLS: the ports speak plaintext (HTTP/2 for gRPC, HTTP/1.1 for REST). */
  public static final TlsSettings PLAINTEXT =
      new TlsSettings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_REFRESH);

  /** @throws IllegalArgumentException naming the flags, for a combination that cannot be served */
  public TlsSettings {
    if (certFile.isPresent() != keyFile.isPresent()) {
      throw new IllegalArgumentException("--tls-cert-file and --tls-key-file go together; got only "
          + (certFile.isPresent() ? "--tls-cert-file" : "--tls-key-file"));
    }
    if (clientCaFile.isPresent() && certFile.isEmpty()) {
      throw new IllegalArgumentException("--tls-client-ca-file needs --tls-cert-file and --tls-key-file");
    }
    if (sslConfigFile.isPresent() && certFile.isPresent()) {
      throw new IllegalArgumentException("--ssl_config_file replaces --tls-cert-file, --tls-key-file and "
          + "--tls-client-ca-file; give one or the other");
    }
    if (refresh.isNegative() || refresh.isZero()) {
      throw new IllegalArgumentException("--tls-refresh-seconds must be at least 1, got " + refresh.toSeconds());
    }
  }

  /** Whether the port speaks TLS. */
  public boolean enabled() {
    return certFile.isPresent() || sslConfigFile.isPresent();
  }
}
