package org.modelrt.server.tls;

import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps grpc-java's AdvancedTls managers in step with a {@link TlsSource}: loads it once (a bad file fails at start),
 * then on each {@link #reloadIfChanged} re-reads it and installs a new version when the contents changed and parse.
 * A version that does not (half-written, a key not yet matching its certificate) is logged and retried next time;
 * the certificates in use stay. Contents, not modification times, decide (a Kubernetes secret volume swaps a
 * symlink). Thread-safe.
 */
final class CredentialReloader {
  private static final Logger log = LoggerFactory.getLogger(CredentialReloader.class);

  private final TlsSource source;
  private List<byte[]> contents; // guarded by this
  private TlsMaterial current; // guarded by this
  private String lastFailure; // guarded by this; logged once per distinct failure

  /** @throws IllegalArgumentException naming the flag and the file when the source cannot be read or used */
  CredentialReloader(TlsSource source) {
    this.source = source;
    try {
      this.contents = source.read();
    } catch (IOException e) {
      throw new IllegalArgumentException(source.describe() + " cannot be read: " + e.getMessage(), e);
    }
    this.current = source.parse(contents);
  }

  /** Whether clients must present a certificate; fixed for the server's life (ClientAuth is set at build time). */
  synchronized boolean clientVerify() {
    return current.clientVerify();
  }

  /** Installs the current version; {@code trust} is null when clients are not verified. */
  synchronized void install(AdvancedTlsX509KeyManager keys, AdvancedTlsX509TrustManager trust) {
    keys.updateIdentityCredentials(current.chain(), current.key());
    if (trust != null) {
      try {
        trust.updateTrustCredentials(current.clientCas());
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalArgumentException(source.describe() + ": the client CAs cannot be used: "
            + e.getMessage(), e);
      }
    }
  }

  /** Re-reads the source and installs it when it changed and loads; never throws (it runs on a timer). */
  synchronized void reloadIfChanged(AdvancedTlsX509KeyManager keys, AdvancedTlsX509TrustManager trust) {
    try {
      List<byte[]> now = source.read();
      if (same(now, contents)) {
        return;
      }
      TlsMaterial next = source.parse(now);
      if (next.clientVerify() != current.clientVerify()) {
        log.warn("{}: client verification changed to {}; that takes a restart, the certificates are applied",
            source.describe(), next.clientVerify());
      }
      TlsMaterial previous = current;
      current = next;
      try {
        install(keys, trust);
      } catch (RuntimeException e) {
        current = previous;
        throw e;
      }
      contents = now;
      lastFailure = null;
      log.info("{} changed: new connections get certificate {}", source.describe(),
          next.chain()[0].getSubjectX500Principal().getName());
    } catch (IOException | RuntimeException e) {
      String failure = String.valueOf(e.getMessage());
      if (!failure.equals(lastFailure)) {
        log.warn("{} could not be reloaded, keeping the certificates in use (retried every period): {}",
            source.describe(), failure);
        lastFailure = failure;
      }
    }
  }

  private static boolean same(List<byte[]> a, List<byte[]> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!java.util.Arrays.equals(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }
}
