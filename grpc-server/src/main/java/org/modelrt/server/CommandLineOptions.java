package org.modelrt.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.modelrt.engine.EngineKind;
import org.modelrt.serving.batching.BatchingConfig;
import org.modelrt.serving.codec.ResponseEncoding;
import org.modelrt.serving.repository.ModelConfigException;
import org.modelrt.serving.repository.TextProtoFiles;
import org.modelrt.wire.tfserving.config.BatchingParameters;
import org.modelrt.serving.repository.ModelServerConfigs;
import org.modelrt.serving.repository.TfServingEnvironment;
import org.modelrt.server.tls.TlsSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The runtime's flags. Each one defaults to its environment variable, then to a built-in default; a flag given on the
 * command line wins over both. {@code --help} lists them all with their variables and defaults. Not thread-safe:
 * picocli fills it once, then {@link #toConfig()} turns it into an immutable {@link RuntimeConfig}.
 */
@Command(
    name = "modelrt",
    sortOptions = false,
    usageHelpWidth = 110,
    description = {
      "Serves one model (TensorFlow SavedModel, TorchScript or ONNX) over gRPC: TF Serving's and Hydrosphere's",
      "PredictionService (G1/G2 and G3), grpc.health.v1.Health and server reflection, on one port.",
      ""
    },
    footer = {
      "",
      "The server listens before the model is loaded: health is UNKNOWN while it loads, SERVING once it is loaded",
      "and warmed up, NOT_SERVING with the reason if loading fails. SIGTERM drains calls in flight, then exits 0."
    })
final class CommandLineOptions {
  private static final Set<String> LOG_LEVELS = Set.of("trace", "debug", "info", "warn", "error", "off");

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "${env:APP_PORT:-9090}",
      description = "gRPC port. Env APP_PORT; default 9090.")
  int port;

  @Spec
  CommandSpec spec;

  @Option(names = "--model-dir", paramLabel = "DIR", defaultValue = "${env:MODEL_DIR:-/model}",
      description = "Model directory (contract.protobin + files/, or the model files). Env MODEL_DIR; default /model.")
  Path modelDir;

  @Option(names = "--max-message-bytes", paramLabel = "BYTES",
      defaultValue = "${env:MODELRT_MAX_MESSAGE_BYTES:-536870912}",
      description = "Largest request message accepted. Env MODELRT_MAX_MESSAGE_BYTES; default 536870912 (512 MiB,"
          + " what the Hydrosphere gateway may send).")
  int maxMessageBytes;

  @Option(names = "--predictors", paramLabel = "N", defaultValue = "${env:MODELRT_PREDICTORS:-0}",
      description = "Concurrent engine calls. Env MODELRT_PREDICTORS; default 0 = one per CPU core.")
  int predictors;

  @Option(names = "--intra-op-threads", paramLabel = "N", defaultValue = "${env:MODELRT_INTRA_OP_THREADS:-0}",
      description = "Engine threads inside one operation. Env MODELRT_INTRA_OP_THREADS; default 0 = engine default.")
  int intraOpThreads;

  @Option(names = "--inter-op-threads", paramLabel = "N", defaultValue = "${env:MODELRT_INTER_OP_THREADS:-0}",
      description = "Engine threads across operations. Env MODELRT_INTER_OP_THREADS; default 0 = engine default.")
  int interOpThreads;

  @Option(names = "--warmup-runs", paramLabel = "N", defaultValue = "${env:MODELRT_WARMUP_RUNS:-3}",
      description = "Model runs before reporting SERVING. Env MODELRT_WARMUP_RUNS; default 3.")
  int warmupRuns;

  @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "${env:MODELRT_ENGINE:-auto}",
      description = "tensorflow, pytorch, onnx, or auto to detect it from the model's files. Env MODELRT_ENGINE;"
          + " default auto.")
  String engine;

  @Option(names = "--response-encoding", paramLabel = "ENCODING",
      defaultValue = "${env:MODELRT_RESPONSE_ENCODING:-typed}",
      description = "typed (*_val fields, what upstream Hydrosphere and TF Serving answer), content"
          + " (tensor_content/binary_val), or as-request (content only when the request sent content)."
          + " Env MODELRT_RESPONSE_ENCODING; default typed.")
  String responseEncoding;

  @Option(names = "--shutdown-grace-seconds", paramLabel = "SECONDS",
      defaultValue = "${env:MODELRT_SHUTDOWN_GRACE_SECONDS:-8}",
      description = "How long calls in flight may finish after SIGTERM. Env MODELRT_SHUTDOWN_GRACE_SECONDS;"
          + " default 8 (inside docker stop's 10 s).")
  int shutdownGraceSeconds;

  @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "${env:MODELRT_LOG_LEVEL:-info}",
      description = "trace, debug, info, warn, error or off. Env MODELRT_LOG_LEVEL; default info.")
  String logLevel;

  @Option(names = "--max-in-flight", paramLabel = "N", defaultValue = "${env:MODELRT_MAX_IN_FLIGHT:-128}",
      description = "Predicts in flight at once; beyond it calls get RESOURCE_EXHAUSTED. Env MODELRT_MAX_IN_FLIGHT;"
          + " default 128.")
  int maxInFlight;

  @Option(names = "--max-elements", paramLabel = "N", defaultValue = "${env:MODELRT_MAX_ELEMENTS:-134217728}",
      description = "Largest element count of one input tensor. Env MODELRT_MAX_ELEMENTS; default 134217728 (2^27).")
  long maxElements;

  @Option(names = "--model_name", paramLabel = "NAME", defaultValue = "",
      description = "TF Serving mode: the model's name (with --model_base_path). Env MODEL_NAME (TF Serving's Docker"
          + " convention: the base path is then $MODEL_BASE_PATH/$MODEL_NAME, MODEL_BASE_PATH default /models).")
  String tfModelName;

  @Option(names = "--model_base_path", paramLabel = "DIR", defaultValue = "",
      description = "TF Serving mode: the directory of numbered version directories (1/, 2/, ...).")
  String tfModelBasePath;

  @Option(names = "--model_config_file", paramLabel = "FILE", defaultValue = "",
      description = "TF Serving mode: a ModelServerConfig in protobuf text format (several models, version policies"
          + " and labels).")
  String tfModelConfigFile;

  @Option(names = "--model_config_file_poll_wait_seconds", paramLabel = "SECONDS", defaultValue = "0",
      description = "How often the model config file is read again and applied; default 0 = never.")
  int configFilePollSeconds;

  @Option(names = "--file_system_poll_wait_seconds", paramLabel = "SECONDS", defaultValue = "1",
      description = "How often the base paths are scanned for new and removed versions; default 1; 0 = once.")
  int fileSystemPollSeconds;

  @Option(names = {"--rest_api_port", "--rest-port"}, paramLabel = "PORT",
      defaultValue = "${env:MODELRT_REST_PORT:-8501}",
      description = "HTTP port (TF Serving REST, KServe v2); 0 = off. Env MODELRT_REST_PORT; default 8501.")
  int restPort;

  @Option(names = "--enable_batching",
      description = "Batch concurrent calls of a model version (TF Serving's flag); TF Serving's defaults unless"
          + " --batching_parameters_file, --max-batch-size or --batch-timeout-micros say otherwise.")
  boolean enableBatching;

  @Option(names = "--batching_parameters_file", paramLabel = "FILE", defaultValue = "",
      description = "With --enable_batching: TF Serving's BatchingParameters in protobuf text format.")
  String batchingParametersFile;

  @Option(names = "--enable_per_model_batching_params",
      description = "With batching on: a version's assets.extra/batching_params.pbtxt replaces the batching"
          + " parameters for it (TF Serving's flag).")
  boolean perModelBatchingParams;

  @Option(names = "--max-batch-size", paramLabel = "N", defaultValue = "0",
      description = "Batch concurrent calls, at most N rows per engine call (turns batching on; over the file's).")
  long maxBatchSize;

  @Option(names = "--batch-timeout-micros", paramLabel = "MICROS", defaultValue = "-1",
      description = "Batch concurrent calls; a batch waits at most MICROS for more calls (turns batching on; over"
          + " the file's).")
  long batchTimeoutMicros;

  @Option(names = "--rest_api_timeout_in_ms", paramLabel = "MS", defaultValue = "30000",
      description = "Deadline of a REST call, and how long an HTTP connection may stall; default 30000 (TF Serving's).")
  long restApiTimeoutMs;

  @Option(names = "--prepare-engines",
      description = "Load every engine's native libraries once and exit 0 (image builds bake them in).")
  boolean prepareEngines;

  @Option(names = "--access-log", paramLabel = "PATH", defaultValue = "${env:MODELRT_ACCESS_LOG:-}",
      description = "Write one JSON line per call to PATH (appending; - = stdout). Env MODELRT_ACCESS_LOG; default"
          + " off.")
  String accessLog;

  @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "${env:MODELRT_LOG_FORMAT:-text}",
      description = "text, or json (one object per line, for log pipelines). Env MODELRT_LOG_FORMAT; default text.")
  String logFormat;

  @Option(names = "--max-metadata-bytes", paramLabel = "BYTES",
      defaultValue = "${env:MODELRT_MAX_METADATA_BYTES:-65536}",
      description = "Largest request metadata (all headers, as HTTP/2 counts them) accepted. Env"
          + " MODELRT_MAX_METADATA_BYTES; default 65536 (64 KiB).")
  int maxMetadataBytes;

  @Option(names = "--tls-cert-file", paramLabel = "PEM", defaultValue = "${env:MODELRT_TLS_CERT_FILE:-}",
      description = "Serve TLS on the gRPC and REST ports with this certificate chain (PEM); needs --tls-key-file."
          + " Env MODELRT_TLS_CERT_FILE.")
  String tlsCertFile;

  @Option(names = "--tls-key-file", paramLabel = "PEM", defaultValue = "${env:MODELRT_TLS_KEY_FILE:-}",
      description = "The private key (PEM, PKCS#8) of --tls-cert-file. Env MODELRT_TLS_KEY_FILE.")
  String tlsKeyFile;

  @Option(names = "--tls-client-ca-file", paramLabel = "PEM", defaultValue = "${env:MODELRT_TLS_CLIENT_CA_FILE:-}",
      description = "Mutual TLS: refuse clients without a certificate signed by these CAs (PEM). Env"
          + " MODELRT_TLS_CLIENT_CA_FILE.")
  String tlsClientCaFile;

  @Option(names = {"--ssl_config_file", "--ssl-config-file"}, paramLabel = "FILE",
      defaultValue = "${env:MODELRT_SSL_CONFIG_FILE:-}",
      description = "TF Serving's SSLConfig text proto (server_key, server_cert, custom_ca, client_verify), instead"
          + " of the --tls-* files. Env MODELRT_SSL_CONFIG_FILE.")
  String sslConfigFile;

  @Option(names = "--tls-refresh-seconds", paramLabel = "SECONDS",
      defaultValue = "${env:MODELRT_TLS_REFRESH_SECONDS:-60}",
      description = "How often the TLS files are re-read, so rotated certificates apply without a restart. Env"
          + " MODELRT_TLS_REFRESH_SECONDS; default 60.")
  int tlsRefreshSeconds;

  /**
   * The validated configuration.
   *
   * @throws IllegalArgumentException naming the flag and the accepted values
   */
  RuntimeConfig toConfig() {
    require(port >= 0 && port <= 65535, "--port must be 0-65535, got " + port);
    require(maxMessageBytes > 0, "--max-message-bytes must be positive, got " + maxMessageBytes);
    require(predictors >= 0, "--predictors must be 0 or more, got " + predictors);
    require(intraOpThreads >= 0 && interOpThreads >= 0, "--intra-op-threads and --inter-op-threads must be 0 or more");
    require(warmupRuns >= 0, "--warmup-runs must be 0 or more, got " + warmupRuns);
    require(shutdownGraceSeconds >= 0, "--shutdown-grace-seconds must be 0 or more, got " + shutdownGraceSeconds);
    require(maxInFlight >= 1, "--max-in-flight must be at least 1, got " + maxInFlight);
    require(maxElements >= 1, "--max-elements must be at least 1, got " + maxElements);
    require(configFilePollSeconds >= 0 && fileSystemPollSeconds >= 0, "--model_config_file_poll_wait_seconds and"
        + " --file_system_poll_wait_seconds must be 0 or more");
    require(restPort >= 0 && restPort <= 65535, "--rest_api_port must be 0-65535, got " + restPort);
    require(restApiTimeoutMs > 0, "--rest_api_timeout_in_ms must be positive, got " + restApiTimeoutMs);
    String level = logLevel.trim().toLowerCase(Locale.ROOT);
    require(LOG_LEVELS.contains(level), "--log-level must be one of " + LOG_LEVELS + ", got '" + logLevel + "'");
    require(maxMetadataBytes >= 1024, "--max-metadata-bytes must be at least 1024, got " + maxMetadataBytes);
    require(tlsRefreshSeconds >= 1, "--tls-refresh-seconds must be at least 1, got " + tlsRefreshSeconds);
    TlsSettings tls = new TlsSettings(path(tlsCertFile), path(tlsKeyFile), path(tlsClientCaFile), path(sslConfigFile),
        Duration.ofSeconds(tlsRefreshSeconds));
    String format = logFormat.trim().toLowerCase(Locale.ROOT);
    require(format.equals("text") || format.equals("json"), "--log-format must be text or json, got '" + logFormat
        + "'");
    String access = accessLog == null ? "" : accessLog.trim();
    require(access.isEmpty() || access.equals("-") || writable(Path.of(access)), "--access-log " + access
        + ": cannot write there; give a file in a writable directory, or - for stdout");
    return new RuntimeConfig(port, modelDir.toAbsolutePath().normalize(), maxMessageBytes, predictors,
        intraOpThreads, interOpThreads, warmupRuns, engineKind(engine), ResponseEncoding.parse(responseEncoding),
        Duration.ofSeconds(shutdownGraceSeconds), level, maxInFlight, maxElements, tfServing(System.getenv()),
        batching(), access, format, maxMetadataBytes, tls);
  }

  /** The batching flags: TF Serving's, then the short ones over them. */
  BatchingConfig batching() {
    require(maxBatchSize >= 0, "--max-batch-size must be 1 or more, got " + maxBatchSize);
    if (!enableBatching && maxBatchSize == 0 && batchTimeoutMicros < 0) {
      return BatchingConfig.OFF;
    }
    try {
      BatchingConfig config = BatchingConfig.of(batchingParametersFile.isEmpty()
          ? BatchingParameters.getDefaultInstance()
          : TextProtoFiles.readBatchingParameters(absolute(batchingParametersFile)));
      config = maxBatchSize > 0 ? config.withMaxBatchSize(maxBatchSize) : config;
      config = perModelBatchingParams ? config.withPerModelFiles() : config;
      return batchTimeoutMicros >= 0 ? config.withBatchTimeoutMicros(batchTimeoutMicros) : config;
    } catch (ModelConfigException e) {
      throw new IllegalArgumentException("--batching_parameters_file: " + e.getMessage(), e);
    }
  }

  /**
   * TF Serving's flags, with its Docker image's convention: env MODEL_NAME (and MODEL_BASE_PATH, default /models)
   * means {@code --model_name=$MODEL_NAME --model_base_path=$MODEL_BASE_PATH/$MODEL_NAME}, unless flags say otherwise
   * or a Hydrosphere MODEL_DIR is given.
   */
  TfServingOptions tfServing(java.util.Map<String, String> env) {
    String name = tfModelName;
    String basePath = tfModelBasePath;
    boolean hydrosphere = env.containsKey("MODEL_DIR")
        || spec.commandLine().getParseResult().hasMatchedOption("--model-dir");
    if (name.isEmpty() && basePath.isEmpty() && tfModelConfigFile.isEmpty() && !hydrosphere) {
      var fromEnv = TfServingEnvironment.modelFlags(env);
      if (fromEnv.isPresent()) {
        name = fromEnv.get().modelName();
        basePath = fromEnv.get().modelBasePath();
      }
    }
    if (name.isEmpty() && !basePath.isEmpty()) {
      name = ModelServerConfigs.DEFAULT_MODEL_NAME; // TF Serving's default --model_name
    }
    require(name.isEmpty() || !basePath.isEmpty(), "--model_name " + name + " needs --model_base_path: the directory"
        + " holding its numbered version directories");
    require(name.isEmpty() || tfModelConfigFile.isEmpty(),
        "give either --model_config_file or --model_name with --model_base_path, not both");
    return new TfServingOptions(name, basePath.isEmpty() ? Optional.empty() : Optional.of(absolute(basePath)),
        tfModelConfigFile.isEmpty() ? Optional.empty() : Optional.of(absolute(tfModelConfigFile)),
        Duration.ofSeconds(configFilePollSeconds), Duration.ofSeconds(fileSystemPollSeconds), restPort,
        Duration.ofMillis(restApiTimeoutMs));
  }

  private static boolean writable(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    return java.nio.file.Files.isRegularFile(file) ? java.nio.file.Files.isWritable(file)
        : dir != null && java.nio.file.Files.isDirectory(dir) && java.nio.file.Files.isWritable(dir);
  }

  private static Path absolute(String path) {
    return Path.of(path).toAbsolutePath().normalize();
  }

  private static Optional<EngineKind> engineKind(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    if (n.equals("auto")) {
      return Optional.empty();
    }
    for (EngineKind kind : EngineKind.values()) {
      if (n.equals(kind.djlName().toLowerCase(Locale.ROOT)) || n.equals(kind.name().toLowerCase(Locale.ROOT))
          || (kind == EngineKind.ONNX_RUNTIME && n.equals("onnx"))) {
        return Optional.of(kind);
      }
    }
    throw new IllegalArgumentException("--engine must be tensorflow, pytorch, onnx or auto, got '" + name + "'");
  }

  /** An unset or empty flag is no file; a relative path is resolved once, at start, like --model-dir. */
  private static Optional<Path> path(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(Path.of(value.trim()).toAbsolutePath().normalize());
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
