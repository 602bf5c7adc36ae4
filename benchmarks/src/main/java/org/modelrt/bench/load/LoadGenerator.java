package org.modelrt.bench.load;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Closed-loop load against any TF-Serving-compatible (G2, REST), Hydrosphere G3 or KServe v2 (REST, gRPC) inference
 * endpoint: a sweep of concurrency levels, each with a warmup and a fixed duration (or call count), reporting
 * throughput, p50/p90/p99/max latency and calls by status code as a table (stdout) and optionally CSV and JSON; with
 * {@code --pid}, the server's RSS before, after the first warmup and after the run. Every answer is checked (OK or
 * HTTP 200, and outputs present), so a broken server cannot count as fast. Exit code 0 when every measured call ended OK, 1 otherwise.
 */
@Command(name = "load-generator", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Closed-loop Predict load: concurrency sweep, warmup, duration; latency percentiles and errors.")
public final class LoadGenerator implements Callable<Integer> {
  @Option(names = "--target", required = true, description = "host:port of the server.")
  String target;

  @Option(names = "--protocol", defaultValue = "g2", description = "g2 (tensorflow.serving, TF Serving too), g3"
      + " (hydrosphere.serving.runtime), rest (TF Serving's REST predict), v2-rest (KServe v2 REST infer; with"
      + " --content the binary tensor extension) or v2-grpc (KServe v2 ModelInfer; with --content"
      + " raw_input_contents); for rest and v2-rest --target is the REST host:port; default ${DEFAULT-VALUE}.")
  String protocol;

  @Option(names = "--model-name", defaultValue = "model", description = "G2 model_spec.name, the model of the REST"
      + " and v2 paths; default ${DEFAULT-VALUE}.")
  String modelName;

  @Option(names = "--signature", defaultValue = "", description = "Signature to call; default: the file's, else the"
      + " server's default.")
  String signature;

  @Option(names = "--request", description = "A request file in the test-models expected.json schema (the"
      + " PredictClient's): one of its cases is sent.")
  Path requestFile;

  @Option(names = "--case", defaultValue = "0", description = "Which case of an expected.json; default 0.")
  int caseIndex;

  @Option(names = "--input", description = "A tensor as NAME:DTYPE:SHAPE[=VALUES], e.g. x:DT_FLOAT:1x4=1,2,3,4"
      + " (repeatable; no values = all ones).")
  List<String> inputs = new ArrayList<>();

  @Option(names = "--from-metadata", description = "Ones of the signature's shapes (-1 -> 1), read from the"
      + " server's GetModelMetadata (G2 servers).")
  boolean fromMetadata;

  @Option(names = "--contract", description = "Ones of the signature's shapes (-1 -> 1) from a contract file"
      + " (contract.protobin of any generation, .prototxt, .json) or a model directory holding one.")
  Path contract;

  @Option(names = "--content", description = "Send numeric values as tensor_content/binary_val, not *_val (v2:"
      + " raw bytes, not typed contents or JSON data).")
  boolean asContent;

  @Option(names = "--concurrency", split = ",", defaultValue = "1,4,16,64",
      description = "Outstanding calls per level; default ${DEFAULT-VALUE}.")
  List<Integer> levels;

  @Option(names = "--warmup", defaultValue = "5", description = "Warmup seconds per level; default ${DEFAULT-VALUE}.")
  double warmupSeconds;

  @Option(names = "--duration", defaultValue = "15", description = "Measured seconds per level; default"
      + " ${DEFAULT-VALUE}.")
  double durationSeconds;

  @Option(names = "--requests", defaultValue = "0", description = "Measure this many calls per level instead of a"
      + " duration.")
  long requests;

  @Option(names = "--deadline-ms", defaultValue = "30000", description = "Per-call deadline; default ${DEFAULT-VALUE}.")
  long deadlineMillis;

  @Option(names = "--pid", defaultValue = "-1", description = "Server process id: report its VmRSS.")
  long pid;

  @Option(names = "--csv", description = "Also write one CSV row per level here.")
  Path csv;

  @Option(names = "--json", description = "Also write the report as JSON here.")
  Path json;

  public static void main(String[] args) {
    System.exit(new CommandLine(new LoadGenerator())
        .setExecutionExceptionHandler(LoadGenerator::reportBadRequest).execute(args));
  }

  /** A request that cannot be built (or names no signature of the contract) is the user's mistake: its message. */
  private static int reportBadRequest(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) throws Exception {
    if (e instanceof IllegalArgumentException || e instanceof org.modelrt.contract.InvalidRequestException) {
      cmd.getErr().println("load-generator: " + e.getMessage());
      return 2;
    }
    throw e;
  }

  @Override
  public Integer call() throws Exception {
    PredictTarget.Protocol proto = PredictTarget.Protocol.parse(protocol);
    ManagedChannel channel = Grpc.newChannelBuilder(target, InsecureChannelCredentials.create())
        .directExecutor().maxInboundMessageSize(Integer.MAX_VALUE).build();
    try {
      RequestSpec spec = requestSpec(channel);
      PredictTarget predict = switch (proto) {
        case REST -> RestTarget.of(target, spec, modelName, deadlineMillis);
        case V2_REST -> V2RestTarget.of(target, spec, modelName, deadlineMillis);
        default -> PredictTarget.of(proto, channel, spec, modelName, deadlineMillis);
      };
      SweepReport report = sweep(predict, proto, spec).withPayloadBytes(requestBytes(proto, spec));
      System.out.print(SweepFormats.table(report));
      write(csv, SweepFormats.csv(report));
      write(json, SweepFormats.json(report));
      return report.errors() == 0 ? 0 : 1;
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private SweepReport sweep(PredictTarget predict, PredictTarget.Protocol proto, RequestSpec spec)
      throws InterruptedException {
    Sweep sweep = new Sweep(levels, seconds(warmupSeconds), seconds(durationSeconds), requests);
    return sweep.run(predict, target, proto, spec, pid, result -> System.err.printf(
        "concurrency %d: %.1f calls/s, p50 %.1f us, %d errors%n", result.concurrency(), result.throughput(),
        result.p50Micros(), result.errors()));
  }

  /** What one call sends in its protocol's terms: the input tensors (G2, G3), the body (REST), the message (v2). */
  private long requestBytes(PredictTarget.Protocol proto, RequestSpec spec) {
    return switch (proto) {
      case REST -> RestTarget.body(spec).getBytes(StandardCharsets.UTF_8).length;
      case V2_REST -> V2RestTarget.body(spec).bytes().length;
      case V2_GRPC -> V2GrpcTarget.request(spec, modelName).getSerializedSize();
      default -> spec.payloadBytes();
    };
  }

  private RequestSpec requestSpec(ManagedChannel channel) throws Exception {
    int sources = (requestFile != null ? 1 : 0) + (inputs.isEmpty() ? 0 : 1) + (fromMetadata ? 1 : 0)
        + (contract != null ? 1 : 0);
    if (sources != 1) {
      throw new IllegalArgumentException("describe the request in exactly one way: --request FILE, --input ...,"
          + " --contract PATH or --from-metadata");
    }
    if (contract != null) {
      return RequestSpecs.fromSignature(ContractFiles.read(contract).select(signature), asContent);
    }
    if (requestFile != null) {
      RequestSpec fromFile = RequestSpecs.fromJson(requestFile, caseIndex, asContent);
      return signature.isEmpty() ? fromFile : new RequestSpec(signature, fromFile.inputs(), asContent);
    }
    if (!inputs.isEmpty()) {
      return RequestSpecs.fromCli(signature, inputs, asContent);
    }
    try {
      return RequestSpecs.fromSignature(MetadataSignature.fetch(channel, modelName, signature), asContent);
    } catch (io.grpc.StatusRuntimeException e) {
      throw new IllegalArgumentException("--from-metadata: GetModelMetadata failed with " + e.getStatus().getCode()
          + "; describe the request with --request or --input instead", e);
    }
  }

  private static Duration seconds(double s) {
    return Duration.ofMillis(Math.round(s * 1000));
  }

  private static void write(Path file, String text) throws java.io.IOException {
    if (file != null) {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    }
  }
}
