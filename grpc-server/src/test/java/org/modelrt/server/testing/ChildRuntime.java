package org.modelrt.server.testing;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runtime as a child JVM, either {@link FakeModelMain} on this test's classpath or the packaged jar, with its
 * output collected line by line so a test can wait for a log line. Closing it kills the process if it still runs.
 */
public final class ChildRuntime implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("modelrt listening on port (\\d+)");

  private final Process process;
  private final List<String> lines = new ArrayList<>();

  private ChildRuntime(Process process) {
    this.process = process;
    collect(process.getInputStream());
    collect(process.getErrorStream());
  }

  /**
   * Starts {@link FakeModelMain}: the real Main with the fake model.
   *
   * @param runMillis how long each run of the fake model takes
   * @param environment variables to add to the child's environment
   * @param workDir the child's working directory
   */
  public static ChildRuntime start(long runMillis, Map<String, String> environment, Path workDir, String... args)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(java(), "-cp", testClassPath(), "-Dai.djl.offline=true",
        "-Dfakemodel.runMillis=" + runMillis, FakeModelMain.class.getName()));
    command.addAll(List.of(args));
    return start(command, environment, workDir);
  }

  /**
   * Starts the real {@link org.modelrt.server.Main} (real engines) on this test's classpath, with {@code removed}
   * taken out of the inherited environment (e.g. TF_CPP_MIN_LOG_LEVEL, to see the runtime's own defaults).
   */
  public static ChildRuntime startMain(List<String> removed, Path workDir, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(java(), "-cp", testClassPath(), "org.modelrt.server.Main"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeAll(removed);
    builder.directory(workDir.toFile());
    return new ChildRuntime(builder.start());
  }

  /** Every line it printed so far, stdout and stderr interleaved as they came. */
  public List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /**
   * Starts the packaged runtime as a user would: {@code java -jar modelrt.jar}, with the environment given and none
   * of the test's engine settings (TENSORFLOW_LIBRARY_PATH and the like are removed).
   */
  public static ChildRuntime startJar(Path jar, Map<String, String> environment, Path workDir) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(java(), "-jar", jar.toString());
    builder.environment().keySet().removeIf(k -> k.startsWith("TENSORFLOW") || k.startsWith("TF_")
        || k.startsWith("PYTORCH") || k.startsWith("DJL") || k.equals("MODEL_DIR") || k.equals("APP_PORT"));
    builder.environment().putAll(environment);
    builder.environment().putIfAbsent("MODELRT_REST_PORT", "0"); // no fixed 8501 shared by parallel tests
    builder.directory(workDir.toFile());
    return new ChildRuntime(builder.start());
  }

  private static ChildRuntime start(List<String> command, Map<String, String> environment, Path workDir)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    builder.environment().putIfAbsent("MODELRT_REST_PORT", "0"); // no fixed 8501 shared by parallel tests
    builder.directory(workDir.toFile());
    return new ChildRuntime(builder.start());
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Surefire's booter jar hides the real classpath in java.class.path; it publishes it here. */
  private static String testClassPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
  }

  private void collect(InputStream stream) {
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          synchronized (lines) {
            lines.add(line);
            lines.notifyAll();
          }
        }
      } catch (IOException e) {
        // the process ended
      }
    });
    reader.setDaemon(true);
    reader.start();
  }

  /** Waits until {@code count} output lines match; fails with the output so far when it takes over 60 s. */
  public void awaitLines(Predicate<String> match, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    synchronized (lines) {
      while (lines.stream().filter(match).count() < count) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0 || !process.isAlive() && lines.stream().filter(match).count() < count) {
          throw new AssertionError("waited for " + count + " matching lines; output:\n" + String.join("\n", lines));
        }
        lines.wait(Math.min(left, 200));
      }
    }
  }

  /** Waits for a line containing {@code text}. */
  public void awaitLine(String text) throws InterruptedException {
    awaitLines(l -> l.contains(text), 1);
  }

  /** The port it listens on, once it has said so. */
  public int port() throws InterruptedException {
    awaitLines(l -> LISTENING.matcher(l).find(), 1);
    synchronized (lines) {
      for (String line : lines) {
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
          return Integer.parseInt(m.group(1));
        }
      }
    }
    throw new IllegalStateException("unreachable");
  }

  /** A new plaintext channel to it. */
  public ManagedChannel channel() throws InterruptedException {
    return Grpc.newChannelBuilderForAddress("localhost", port(), InsecureChannelCredentials.create()).build();
  }

  /** Everything it printed so far. */
  public String output() {
    synchronized (lines) {
      return String.join("\n", lines);
    }
  }

  /**
   * Sends SIGTERM. Unlike {@link Process#destroy()}, which sends the same signal, it leaves the pipes open, so the
   * output of the shutdown can still be read.
   */
  public void terminate() {
    process.toHandle().destroy();
  }

  /** Waits up to 60 s for it to exit; its exit status. Fails with its output when it is still running. */
  public int awaitExit() throws InterruptedException {
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new AssertionError("still running after 60 s; output:\n" + output());
    }
    return process.exitValue();
  }

  /** A loopback port that nothing listens on at this moment, e.g. for a child to be told to listen on. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
