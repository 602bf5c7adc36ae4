package org.modelrt.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.modelrt.engine.EngineKind;
import org.modelrt.engine.EngineOptions;
import org.modelrt.serving.batching.BatchingConfig;
import org.modelrt.serving.codec.ResponseEncoding;
import org.modelrt.server.rpc.RuntimeServer;
import org.modelrt.server.tls.TlsSettings;

/**
 * Everything the runtime is configured with, resolved from flags and environment ({@link CommandLineOptions}).
 *
 * @param port the gRPC port; 0 picks a free one
 * @param modelDir the model directory (absolute, so nothing depends on the working directory)
 * @param maxMessageBytes the largest request message accepted
 * @param predictors concurrent engine calls; 0 for one per CPU core
 * @param intraOpThreads engine threads inside one operation; 0 for the engine's default
 * @param interOpThreads engine threads across operations; 0 for the engine's default
 * @param warmupRuns model runs before the runtime reports SERVING
 * @param engine the engine to use; empty to detect it from the model's files
 * @param responseEncoding where responses put numeric values
 * @param shutdownGrace how long calls in flight may take to finish after SIGTERM
 * @param logLevel the log level: trace, debug, info, warn, error or off
 * @param maxInFlight predicts in flight at once before RESOURCE_EXHAUSTED
 * @param maxElements the largest element count of one input tensor
 * @param tfServing TF Serving's flags; {@link TfServingOptions#none()} in Hydrosphere mode
 * @param batching how concurrent calls are batched ({@code --enable_batching}); {@link BatchingConfig#OFF}: not
 * @param accessLog where each call's JSON line goes: a file, {@code -} for stdout, {@code ""} for no access log
 * @param logFormat {@code text} or {@code json}
 * @param maxMetadataBytes the largest request metadata (all headers) accepted
 * @param tls TLS on the gRPC and REST ports, or plaintext ({@link TlsSettings#PLAINTEXT})
 */
public record RuntimeConfig(
    int port,
    Path modelDir,
    int maxMessageBytes,
    int predictors,
    int intraOpThreads,
    int interOpThreads,
    int warmupRuns,
    Optional<EngineKind> engine,
    ResponseEncoding responseEncoding,
    Duration shutdownGrace,
    String logLevel,
    int maxInFlight,
    long maxElements,
    TfServingOptions tfServing,
    BatchingConfig batching,
    String accessLog,
    String logFormat,
    int maxMetadataBytes,
    TlsSettings tls) {

  /** Without batching or an access log, logging as text, with the default metadata limit and no TLS. */
  public RuntimeConfig(int port, Path modelDir, int maxMessageBytes, int predictors, int intraOpThreads,
      int interOpThreads, int warmupRuns, Optional<EngineKind> engine, ResponseEncoding responseEncoding,
      Duration shutdownGrace, String logLevel, int maxInFlight, long maxElements, TfServingOptions tfServing) {
    this(port, modelDir, maxMessageBytes, predictors, intraOpThreads, interOpThreads, warmupRuns, engine,
        responseEncoding, shutdownGrace, logLevel, maxInFlight, maxElements, tfServing, BatchingConfig.OFF, "", "text",
        RuntimeServer.Limits.DEFAULT_MAX_METADATA_BYTES, TlsSettings.PLAINTEXT);
  }

  /** How often the model versions are looked for: TF Serving's file system poll; never in Hydrosphere mode. */
  public Duration filePollPeriod() {
    return tfServing.enabled() ? tfServing.fileSystemPoll() : Duration.ZERO;
  }

  /** How the engine adapter loads and runs the model. */
  public EngineOptions engineOptions() {
    EngineOptions options = EngineOptions.defaults()
        .withThreads(intraOpThreads, interOpThreads)
        .withWarmupRuns(warmupRuns);
    if (predictors > 0) {
      options = options.withPredictors(predictors);
    }
    return engine.map(options::withEngine).orElse(options);
  }

  /** The server's limits. */
  public RuntimeServer.Limits limits() {
    return new RuntimeServer.Limits(maxMessageBytes, maxInFlight, maxElements, responseEncoding, maxMetadataBytes);
  }
}
