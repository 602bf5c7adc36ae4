package org.modelrt.server.tls;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * The REST port's HTTPS context, served from the gRPC port's {@link ServerTls} managers themselves (not copies of
 * their certificates), so one re-read rotates both ports and mutual TLS admits the same clients on both. HTTP/1.1
 * only (ALPN {@code http/1.1}): the REST front speaks nothing else.
 */
public final class RestTls {
  private RestTls() {}

  /**
   * The context for the REST front; empty when the gRPC port is plaintext.
   *
   * @throws IllegalStateException when the JVM's TLS cannot be set up with the managers (not a configuration error:
   *     the files were checked when {@code tls} was opened)
   */
  public static Optional<SslContext> context(ServerTls tls) {
    if (tls.keyManager().isEmpty()) {
      return Optional.empty();
    }
    // The JDK provider: the managers are plain javax.net.ssl ones, and it needs no native library.
    SslContextBuilder builder = SslContextBuilder.forServer(tls.keyManager().get()).sslProvider(SslProvider.JDK)
        .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_1_1));
    tls.clientTrust().ifPresent(trust -> builder.trustManager(trust).clientAuth(ClientAuth.REQUIRE));
    try {
      return Optional.of(builder.build());
    } catch (SSLException e) {
      throw new IllegalStateException("the JVM cannot serve TLS for the REST port: " + e.getMessage(), e);
    }
  }
}
