package org.modelrt.engine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records every URI the JVM's HTTP clients and plain sockets ask to reach, and sends them to a dead local proxy, so a
 * recorded attempt fails at once and never leaves the host.
 */
final class RecordingProxySelector extends ProxySelector {
  private static final Proxy DEAD = new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", 9));
  private final List<URI> asked = new CopyOnWriteArrayList<>();

  @Override
  public List<Proxy> select(URI uri) {
    asked.add(uri);
    return List.of(DEAD);
  }

  @Override
  public void connectFailed(URI uri, SocketAddress proxy, IOException e) {
    // Expected: the proxy is dead on purpose.
  }

  List<URI> asked() {
    return List.copyOf(asked);
  }
}
