package org.modelrt.server;

/** Entry point of the runtime. Placeholder until the server lands; prints usage and exits non-zero. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.err.println("modelrt: the server is not built yet");
    System.exit(2);
  }
}
