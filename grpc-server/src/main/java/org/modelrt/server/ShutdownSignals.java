package org.modelrt.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Routes SIGTERM and SIGINT to a shutdown action in place of the JVM's own handling, which runs shutdown hooks and
 * exits 143 (130) however cleanly they finish: platforms read that as a crash. {@code sun.misc.Signal}
 * (jdk.unsupported) is the only JDK API for it. The action runs on the JVM's signal thread.
 */
final class ShutdownSignals {
  private static final Logger log = LoggerFactory.getLogger(ShutdownSignals.class);

  private ShutdownSignals() {}

  static void route(Runnable action) {
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), signal -> {
        log.info("Received SIG{}; shutting down", signal.getName());
        action.run();
      });
    }
  }
}
