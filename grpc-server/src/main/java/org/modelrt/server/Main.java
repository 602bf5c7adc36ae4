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
 * engines missing), 2 for what the user got wrong (bad flags or environment variables, a missing or empty model
 * directory, a bad model config), with one line on stderr naming it and saying what to do; a stack trace only with
 * {@code --log-level debug}.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, ModelLoader::load, true));
  }

  /** Runs the runtime with {@code source} loading the model; returns the exit status. Used by tests with fakes. */
  public static int run(String[] args, ModelSource source) {
    return run(args, source, false);
  }

  /** @param checkModelDir whether to refuse (exit 2) a Hydrosphere model directory with no model before serving */
  private static int run(String[] args, ModelSource source, boolean checkModelDir) {
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
    configureProcess(config.logLevel(), config.logFormat());
    if (options.prepareEngines) {
      return prepareEngines();
    }
    if (checkModelDir && !config.tfServing().enabled()) {
      try {
        ModelLoader.checkModelFiles(config.modelDir(), config.engineOptions());
      } catch (ModelLoadException e) {
        return userMistake(e.getMessage() + "; mount the model there or point MODEL_DIR / --model-dir at it", e,
            config.logLevel());
      }
    }
    return serve(config, source);
  }

  /** One line naming the mistake; its stack trace only at debug and finer. */
  private static int userMistake(String message, Exception e, String logLevel) {
    System.err.println("modelrt: " + message);
    if (logLevel.equals("debug") || logLevel.equals("trace")) {
      e.printStackTrace();
    }
    return 2;
  }

  private static int serve(RuntimeConfig config, ModelSource source) {
    if (config.tfServing().enabled()) {
      try (TfServingMode mode = new TfServingMode(config.tfServing(), config.engineOptions())) {
        ModelRuntime runtime = new ModelRuntime(config, ModelRegistry.Mode.TF_SERVING, mode.entries(),
            mode.loadingMessage(), source, mode::reload);
        return serve(runtime, config, () -> mode.watch(runtime.manager()));
      } catch (ModelConfigException e) {
        return userMistake(e.getMessage(), e, config.logLevel());
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
   * Logging ({@link LogSetup}) and DJL's offline mode, set before the first engine exists. A {@code -D} given on the
   * JVM command line keeps its value.
   */
  private static void configureProcess(String logLevel, String logFormat) {
    LogSetup.configure(logLevel, logFormat);
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

  /** One line: the flag and what it accepts (the full usage would bury it); --help lists every flag. */
  private static int usageError(CommandLine cli, String message, PrintStream err) {
    err.println("modelrt: " + message.replace('\n', ' ').strip() + " (modelrt --help lists every flag)");
    return 2;
  }
}
