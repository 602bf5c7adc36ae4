package org.modelrt.server;

import java.io.IOException;
import java.io.PrintStream;
import org.modelrt.engine.ModelLoadException;
import org.modelrt.engine.ModelLoader;
import org.modelrt.serving.ModelRegistry;
import org.modelrt.serving.ModelSource;
import org.modelrt.serving.repository.ModelConfigException;
import picocli.CommandLine;

/**
 * Entry point of the runtime ({@code java -jar modelrt.jar}, or {@code modelrt --help}). Exit status: 0 after a
 * clean shutdown (SIGTERM/SIGINT) or {@code --help}/{@code --prepare-engines}, 1 when it cannot start (port taken,
 * engines missing), 2 for bad flags or environment variables.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, ModelLoader::load));
  }

  /** Runs the runtime with {@code source} loading the model; returns the exit status. Used by tests with fakes. */
  public static int run(String[] args, ModelSource source) {
    CommandLineOptions options = new CommandLineOptions();
    CommandLine cli = new CommandLine(options);
    RuntimeConfig config;
    try {
      cli.parseArgs(args);
      if (cli.isUsageHelpRequested()) {
        cli.usage(System.out);
        return 0;
      }
      config = options.toConfig();
    } catch (CommandLine.ParameterException | IllegalArgumentException e) {
      return usageError(cli, e.getMessage(), System.err);
    }
    configureProcess(config.logLevel());
    return options.prepareEngines ? prepareEngines() : serve(config, source);
  }

  private static int serve(RuntimeConfig config, ModelSource source) {
    if (config.tfServing().enabled()) {
      try (TfServingMode mode = new TfServingMode(config.tfServing(), config.engineOptions())) {
        ModelRuntime runtime = new ModelRuntime(config, ModelRegistry.Mode.TF_SERVING, mode.entries(),
            mode.loadingMessage(), source, mode::reload);
        return serve(runtime, config, () -> mode.watch(runtime.manager()));
      } catch (ModelConfigException e) {
        System.err.println("modelrt: " + e.getMessage());
        return 2;
      }
    }
    return serve(new ModelRuntime(config, source), config, () -> {});
  }

  private static int serve(ModelRuntime runtime, RuntimeConfig config, Runnable afterStart) {
    try {
      runtime.stopOnSignals(); // before listening, so that no SIGTERM meets the JVM's default exit 143
      runtime.start();
      afterStart.run();
      runtime.awaitStopped();
      return 0;
    } catch (IOException e) {
      System.err.println("modelrt: cannot listen on port " + config.port() + ": " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  private static int prepareEngines() {
    try {
      ModelLoader.prepareEngines();
      System.out.println("modelrt: every engine's native libraries are in place");
      return 0;
    } catch (ModelLoadException e) {
      System.err.println("modelrt: " + e.getMessage());
      return 1;
    }
  }

  /**
   * Log level and DJL's offline mode, set before the first logger or engine exists (slf4j-simple reads its settings
   * once). A {@code -D} given on the JVM command line keeps its value, except the level, where the flag wins.
   */
  private static void configureProcess(String logLevel) {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", logLevel);
    setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
    setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    setIfAbsent("org.slf4j.simpleLogger.showShortLogName", "true");
    // The runtime serves offline: natives come with the image, nothing is ever downloaded.
    setIfAbsent("ai.djl.offline", "true");
    // Without it, loading an ONNX model also loads PyTorch (about 110 MiB and 400 ms) for operators we never call.
    setIfAbsent("ai.djl.onnx.disable_alternative", "true");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  private static int usageError(CommandLine cli, String message, PrintStream err) {
    err.println("modelrt: " + message);
    err.println();
    cli.usage(err);
    return 2;
  }
}
