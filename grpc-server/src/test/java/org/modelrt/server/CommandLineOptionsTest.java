package org.modelrt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.modelrt.engine.EngineKind;
import org.modelrt.serving.codec.ResponseEncoding;
import picocli.CommandLine;

/**
 * The flags, their defaults and their validation. The environment-variable defaults are exercised by
 * {@code ProcessLifecycleTest}, which can set a child process's environment.
 */
final class CommandLineOptionsTest {

  private static RuntimeConfig parse(String... args) {
    CommandLineOptions options = new CommandLineOptions();
    new CommandLine(options).parseArgs(args);
    return options.toConfig();
  }

  @Test
  void withoutFlagsOrEnvironment_theDefaultsAreTheDocumentedOnes() {
    RuntimeConfig c = parse();

    assertEquals(9090, c.port());
    assertEquals(Path.of("/model"), c.modelDir());
    assertEquals(512 << 20, c.maxMessageBytes());
    assertEquals(0, c.predictors());
    assertEquals(3, c.warmupRuns());
    assertEquals(Optional.empty(), c.engine());
    assertEquals(ResponseEncoding.TYPED, c.responseEncoding());
    assertEquals(Duration.ofSeconds(8), c.shutdownGrace());
    assertEquals("info", c.logLevel());
    assertEquals(128, c.maxInFlight());
    assertEquals(1L << 27, c.maxElements());
    assertEquals(Runtime.getRuntime().availableProcessors(), c.engineOptions().predictors());
  }

  @Test
  void flags_setEveryOption() {
    RuntimeConfig c = parse("--port", "9191", "--model-dir", "relative/dir", "--max-message-bytes", "1024",
        "--predictors", "3", "--intra-op-threads", "2", "--inter-op-threads", "1", "--warmup-runs", "0",
        "--engine", "onnx", "--response-encoding", "content", "--shutdown-grace-seconds", "30", "--log-level", "DEBUG",
        "--max-in-flight", "7", "--max-elements", "99");

    assertEquals(9191, c.port());
    assertTrue(c.modelDir().isAbsolute(), "the model dir does not depend on the working directory later");
    assertEquals(Path.of("relative/dir").toAbsolutePath(), c.modelDir());
    assertEquals(1024, c.maxMessageBytes());
    assertEquals(3, c.engineOptions().predictors());
    assertEquals(2, c.engineOptions().intraOpThreads());
    assertEquals(1, c.engineOptions().interOpThreads());
    assertEquals(0, c.engineOptions().warmupRuns());
    assertEquals(Optional.of(EngineKind.ONNX_RUNTIME), c.engineOptions().engine());
    assertEquals(ResponseEncoding.CONTENT, c.responseEncoding());
    assertEquals(Duration.ofSeconds(30), c.shutdownGrace());
    assertEquals("debug", c.logLevel());
    assertEquals(7, c.limits().maxInFlight());
    assertEquals(99, c.limits().maxElements());
  }

  @Test
  void engineNames_acceptTheDjlNamesToo() {
    assertEquals(Optional.of(EngineKind.TENSORFLOW), parse("--engine", "TensorFlow").engine());
    assertEquals(Optional.of(EngineKind.PYTORCH), parse("--engine", "pytorch").engine());
    assertEquals(Optional.of(EngineKind.ONNX_RUNTIME), parse("--engine", "OnnxRuntime").engine());
  }

  @Test
  void badValues_areRefused_namingTheFlag() {
    for (List<String> bad : List.of(List.of("--port", "70000"), List.of("--engine", "mxnet"),
        List.of("--response-encoding", "json"), List.of("--log-level", "loud"), List.of("--max-in-flight", "0"),
        List.of("--predictors", "-1"))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> parse(bad.toArray(String[]::new)));
      assertTrue(e.getMessage().contains(bad.get(0)) || e.getMessage().contains(bad.get(1)), e.getMessage());
    }
    assertThrows(CommandLine.ParameterException.class, () -> parse("--port", "abc"));
  }

  @Test
  void help_listsEveryOption_withItsEnvironmentVariableAndDefault() {
    String help = new CommandLine(new CommandLineOptions()).getUsageMessage();

    for (String expected : List.of("--port", "APP_PORT", "9090", "--model-dir", "MODEL_DIR", "/model",
        "--max-message-bytes", "MODELRT_MAX_MESSAGE_BYTES", "536870912", "--predictors", "MODELRT_PREDICTORS",
        "--intra-op-threads", "MODELRT_INTRA_OP_THREADS", "--inter-op-threads", "MODELRT_INTER_OP_THREADS",
        "--warmup-runs", "MODELRT_WARMUP_RUNS", "--engine", "MODELRT_ENGINE", "--response-encoding",
        "MODELRT_RESPONSE_ENCODING", "--shutdown-grace-seconds", "MODELRT_SHUTDOWN_GRACE_SECONDS", "--log-level",
        "MODELRT_LOG_LEVEL", "--max-in-flight", "MODELRT_MAX_IN_FLIGHT", "--max-elements", "MODELRT_MAX_ELEMENTS",
        "--prepare-engines", "--help", "--access-log", "MODELRT_ACCESS_LOG", "--log-format", "MODELRT_LOG_FORMAT")) {
      assertTrue(help.contains(expected), expected + " missing from:\n" + help);
    }
  }

  @Test
  void mainWithHelp_printsTheHelpAndExitsZero_andBadFlagsExitTwo() {
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      assertEquals(0, Main.run(new String[] {"--help"}, (dir, options) -> null));
      assertEquals(2, Main.run(new String[] {"--no-such-flag"}, (dir, options) -> null));
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("Usage: modelrt"));
  }

  @Test
  void metadataAndTlsFlags_haveTheirDefaults_andAreRead() {
    RuntimeConfig defaults = parse();
    assertEquals(65536, defaults.maxMetadataBytes());
    assertEquals(false, defaults.tls().enabled());
    assertEquals(Duration.ofSeconds(60), defaults.tls().refresh());

    RuntimeConfig c = parse("--max-metadata-bytes", "131072", "--tls-cert-file", "tls.crt", "--tls-key-file",
        "/etc/tls/tls.key", "--tls-client-ca-file", "/etc/tls/ca.crt", "--tls-refresh-seconds", "5");

    assertEquals(131072, c.maxMetadataBytes());
    assertEquals(131072, c.limits().maxMetadataBytes());
    assertEquals(Optional.of(Path.of("tls.crt").toAbsolutePath()), c.tls().certFile());
    assertEquals(Optional.of(Path.of("/etc/tls/tls.key")), c.tls().keyFile());
    assertEquals(Optional.of(Path.of("/etc/tls/ca.crt")), c.tls().clientCaFile());
    assertEquals(Duration.ofSeconds(5), c.tls().refresh());
    assertTrue(c.tls().enabled());
    assertEquals(Optional.of(Path.of("/etc/ssl.txt")), parse("--ssl_config_file", "/etc/ssl.txt").tls().sslConfigFile());
  }

  @Test
  void tlsFlagsThatMakeNoSense_areRefused_namingTheFlags() {
    assertEquals("--tls-cert-file and --tls-key-file go together; got only --tls-cert-file",
        assertThrows(IllegalArgumentException.class, () -> parse("--tls-cert-file", "a")).getMessage());
    assertEquals("--tls-client-ca-file needs --tls-cert-file and --tls-key-file",
        assertThrows(IllegalArgumentException.class, () -> parse("--tls-client-ca-file", "a")).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("--ssl_config_file", "s",
        "--tls-cert-file", "a", "--tls-key-file", "b")).getMessage().startsWith("--ssl_config_file replaces"));
    assertEquals("--max-metadata-bytes must be at least 1024, got 10",
        assertThrows(IllegalArgumentException.class, () -> parse("--max-metadata-bytes", "10")).getMessage());
  }

  private static TfServingOptions tfServing(java.util.Map<String, String> env, String... args) {
    CommandLineOptions options = new CommandLineOptions();
    new CommandLine(options).parseArgs(args);
    return options.tfServing(env);
  }

  @Test
  void tfServingsDockerConvention_modelNameInTheEnvironment_servesItFromModelBasePath() {
    TfServingOptions o = tfServing(java.util.Map.of("MODEL_NAME", "half_plus_two"));

    assertTrue(o.enabled());
    assertEquals("half_plus_two", o.modelName());
    assertEquals(Optional.of(Path.of("/models/half_plus_two")), o.modelBasePath());
    assertEquals(Path.of("/srv/m/resnet"),
        tfServing(java.util.Map.of("MODEL_NAME", "resnet", "MODEL_BASE_PATH", "/srv/m")).modelBasePath().get());
  }

  @Test
  void aHydrosphereModelDir_orTfServingFlags_winOverTheEnvironmentsModelName() {
    assertFalse(tfServing(java.util.Map.of("MODEL_NAME", "m", "MODEL_DIR", "/model")).enabled());
    assertFalse(tfServing(java.util.Map.of("MODEL_NAME", "m"), "--model-dir", "/other").enabled());
    TfServingOptions flags = tfServing(java.util.Map.of("MODEL_NAME", "m"), "--model_name", "x",
        "--model_base_path", "/b/x");
    assertEquals("x", flags.modelName());
    assertEquals(Path.of("/b/x"), flags.modelBasePath().get());
  }

  @Test
  void tfServingsFlags_haveItsDefaults_andItsRules() {
    TfServingOptions none = tfServing(java.util.Map.of());
    assertFalse(none.enabled());
    assertEquals(Duration.ofSeconds(1), none.fileSystemPoll());
    assertEquals(Duration.ZERO, none.configFilePoll());
    assertEquals(8501, none.restPort());
    assertEquals("default", tfServing(java.util.Map.of(), "--model_base_path", "/m").modelName());
    assertThrows(IllegalArgumentException.class, () -> tfServing(java.util.Map.of(), "--model_name", "m"));
    assertThrows(IllegalArgumentException.class, () -> tfServing(java.util.Map.of(), "--model_name", "m",
        "--model_base_path", "/m", "--model_config_file", "/c"));
  }
}
