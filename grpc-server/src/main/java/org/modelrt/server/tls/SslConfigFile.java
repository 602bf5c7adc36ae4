package org.modelrt.server.tls;

import com.google.protobuf.TextFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.modelrt.wire.tfserving.config.SSLConfig;

/**
 * TF Serving's {@code --ssl_config_file}: an SSLConfig text proto whose fields hold the PEM contents themselves
 * (server_key, server_cert, custom_ca) and whether clients must present a certificate signed by custom_ca
 * (client_verify), as TF Serving reads it.
 */
record SslConfigFile(Path path) implements TlsSource {
  @Override
  public List<byte[]> read() throws IOException {
    return List.of(Files.readAllBytes(path));
  }

  @Override
  public TlsMaterial parse(List<byte[]> contents) {
    String where = "--ssl_config_file " + path;
    SSLConfig.Builder config = SSLConfig.newBuilder();
    try {
      TextFormat.merge(new String(contents.get(0), StandardCharsets.UTF_8), config);
    } catch (TextFormat.ParseException e) {
      throw new IllegalArgumentException(where + " is not an SSLConfig text proto: " + e.getMessage(), e);
    }
    SSLConfig c = config.build();
    if (c.getServerCert().isBlank() || c.getServerKey().isBlank()) {
      throw new IllegalArgumentException(where + " needs server_cert and server_key (PEM contents)");
    }
    if (c.getClientVerify() && c.getCustomCa().isBlank()) {
      throw new IllegalArgumentException(where + " has client_verify: true but no custom_ca to verify client "
          + "certificates against");
    }
    try {
      return new TlsMaterial(TlsMaterial.certificates(bytes(c.getServerCert()), "server_cert"),
          TlsMaterial.privateKey(bytes(c.getServerKey()), "server_key"),
          c.getClientVerify() ? TlsMaterial.certificates(bytes(c.getCustomCa()), "custom_ca")
              : new java.security.cert.X509Certificate[0],
          c.getClientVerify());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String describe() {
    return "--ssl_config_file " + path;
  }

  private static byte[] bytes(String pem) {
    return pem.getBytes(StandardCharsets.US_ASCII);
  }
}
