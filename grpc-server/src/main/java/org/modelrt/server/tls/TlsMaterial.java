package org.modelrt.server.tls;

import io.grpc.util.CertificateUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;

/**
 * One version of the server's TLS identity, parsed and checked: its certificate chain, the private key that matches
 * the chain's first certificate, and the CAs client certificates must chain to when clients are verified. A key that
 * does not match its certificate is refused, so a rotation caught between writing the key and the certificate
 * never installs a pair that would fail every handshake.
 *
 * @param chain the server's certificate chain, leaf first
 * @param key the leaf's private key
 * @param clientCas the CAs for client certificates; empty when clients are not verified
 * @param clientVerify whether clients must present a certificate that chains to {@code clientCas}
 */
record TlsMaterial(X509Certificate[] chain, PrivateKey key, X509Certificate[] clientCas, boolean clientVerify) {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** @throws IllegalArgumentException when the chain is empty or the key is not the leaf's */
  TlsMaterial {
    if (chain.length == 0) {
      throw new IllegalArgumentException("the certificate file holds no PEM CERTIFICATE block");
    }
    if (clientVerify && clientCas.length == 0) {
      throw new IllegalArgumentException("the client CA file holds no PEM CERTIFICATE block");
    }
    requireMatch(chain[0], key);
  }

  /** The certificates of PEM text; {@code what} names its source in the error. */
  static X509Certificate[] certificates(byte[] pem, String what) {
    try {
      return CertificateUtils.getX509Certificates(new ByteArrayInputStream(pem));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException(what + " is not PEM certificates: " + e.getMessage(), e);
    }
  }

  /** The private key of PEM text (a PKCS#8 PRIVATE KEY block, RSA or EC). */
  static PrivateKey privateKey(byte[] pem, String what) {
    try {
      return CertificateUtils.getPrivateKey(new ByteArrayInputStream(pem));
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException(what + " is not a PEM PKCS#8 private key (BEGIN PRIVATE KEY; "
          + "cert-manager: privateKey.encoding PKCS8): " + e.getMessage(), e);
    }
  }

  /** Signs a nonce with the key and verifies it with the certificate: the only sure test that they are a pair. */
  private static void requireMatch(X509Certificate leaf, PrivateKey key) {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> null;
    };
    if (algorithm == null) {
      return; // an algorithm we cannot test here; the handshake will tell
    }
    try {
      byte[] nonce = new byte[32];
      RANDOM.nextBytes(nonce);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(nonce);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(leaf.getPublicKey());
      verifier.update(nonce);
      if (verifier.verify(signature)) {
        return;
      }
    } catch (GeneralSecurityException e) {
      // a key of another type than the certificate's: not a pair either
    }
    throw new IllegalArgumentException("the private key does not belong to the certificate "
        + leaf.getSubjectX500Principal().getName());
  }
}
