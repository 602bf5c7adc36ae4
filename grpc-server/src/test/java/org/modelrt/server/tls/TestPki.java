package org.modelrt.server.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificate authorities and the certificates they issue, made in the test (EC P-256, valid for a day), and their
 * PEM files: certificates as CERTIFICATE blocks, keys as PKCS#8 PRIVATE KEY blocks, as cert-manager writes them
 * with {@code privateKey.encoding: PKCS8}.
 */
final class TestPki {
  private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

  /** A certificate and its key. */
  record Issued(X509Certificate certificate, KeyPair keys) {
    String certificatePem() {
      return pem("CERTIFICATE", encoded(certificate));
    }

    String keyPem() {
      return pem("PRIVATE KEY", keys.getPrivate().getEncoded());
    }

    /** Writes the certificate and key files, stamping them {@code age} in the future so a re-read sees a change. */
    void write(Path certFile, Path keyFile, Duration age) throws IOException {
      writeStamped(certFile, certificatePem(), age);
      writeStamped(keyFile, keyPem(), age);
    }
  }

  /** A CA: a self-signed certificate that can issue others. */
  record Ca(Issued self) {
    static Ca create(String name) {
      KeyPair keys = keyPair();
      return new Ca(new Issued(build(name, keys, name, keys, true, null), keys));
    }

    /** A server certificate for localhost and 127.0.0.1. */
    Issued server(String name) {
      KeyPair keys = keyPair();
      return new Issued(build(name, keys, subjectOf(), self.keys(), false, KeyPurposeId.id_kp_serverAuth), keys);
    }

    /** A client certificate. */
    Issued client(String name) {
      KeyPair keys = keyPair();
      return new Issued(build(name, keys, subjectOf(), self.keys(), false, KeyPurposeId.id_kp_clientAuth), keys);
    }

    String pem() {
      return self.certificatePem();
    }

    private String subjectOf() {
      return self.certificate().getSubjectX500Principal().getName();
    }
  }

  private TestPki() {}

  static void writeStamped(Path file, String contents, Duration age) throws IOException {
    Files.writeString(file, contents, StandardCharsets.US_ASCII);
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plus(age)));
  }

  private static X509Certificate build(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys,
      boolean ca, KeyPurposeId purpose) {
    try {
      Instant now = Instant.now();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(dn(issuer)),
          BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
          Date.from(now.plus(Duration.ofDays(1))), new X500Name(dn(subject)), subjectKeys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      if (ca) {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      } else {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
      }
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String dn(String name) {
    return name.contains("=") ? name : "CN=" + name;
  }

  private static KeyPair keyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] encoded(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
