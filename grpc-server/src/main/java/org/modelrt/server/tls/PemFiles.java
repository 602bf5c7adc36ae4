package org.modelrt.server.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code --tls-cert-file}, {@code --tls-key-file} and the optional {@code --tls-client-ca-file}, all PEM. */
record PemFiles(Path cert, Path key, Optional<Path> clientCa) implements TlsSource {
  @Override
  public List<byte[]> read() throws IOException {
    List<byte[]> contents = new ArrayList<>(3);
    contents.add(Files.readAllBytes(cert));
    contents.add(Files.readAllBytes(key));
    if (clientCa.isPresent()) {
      contents.add(Files.readAllBytes(clientCa.get()));
    }
    return contents;
  }

  @Override
  public TlsMaterial parse(List<byte[]> contents) {
    try {
      return new TlsMaterial(TlsMaterial.certificates(contents.get(0), "--tls-cert-file " + cert),
          TlsMaterial.privateKey(contents.get(1), "--tls-key-file " + key),
          clientCa.isPresent() ? TlsMaterial.certificates(contents.get(2), "--tls-client-ca-file " + clientCa.get())
              : new java.security.cert.X509Certificate[0],
          clientCa.isPresent());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--tls-cert-file " + cert + " and --tls-key-file " + key
          + " cannot be used: " + e.getMessage(), e);
    }
  }

  @Override
  public String describe() {
    return "--tls-cert-file " + cert + clientCa.map(ca -> " (mutual TLS: --tls-client-ca-file " + ca + ")").orElse("");
  }
}
