package org.modelrt.server.testing;

import org.modelrt.server.Main;

/**
 * The real {@link Main} (flags, environment, logging, signals, shutdown) with the fake model in place of the engine
 * loader, for tests that run the runtime as a child process. Each run of the model takes
 * {@code -Dfakemodel.runMillis} ms (default 0) and first prints {@code fake run started} to stdout, so a test can
 * tell when calls are in flight.
 */
public final class FakeModelMain {
  private FakeModelMain() {}

  public static void main(String[] args) {
    long runMillis = Long.getLong("fakemodel.runMillis", 0);
    System.exit(Main.run(args, (dir, options) -> new FakeModel().beforeEachRun(() -> {
      System.out.println("fake run started");
      System.out.flush();
      sleep(runMillis);
    })));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
