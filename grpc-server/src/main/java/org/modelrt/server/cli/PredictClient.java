package org.modelrt.server.cli;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.modelrt.contract.DType;
import org.modelrt.serving.codec.TensorText;
import org.modelrt.serving.codec.WireFormat;
import org.modelrt.wire.tfserving.service.PredictionServiceGrpc;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Sends Predict requests to a runtime and prints the outputs: {@code java -cp modelrt.jar
 * org.modelrt.server.cli.PredictClient --input x=1,2,3,4 --shape x=1,4}, or every case of a request file in the
 * {@code expected.json} schema ({@code --request FILE}, with {@code --check} to compare the expected outputs). Exit
 * status: 0 when every call succeeded (and matched), 1 otherwise, 2 for bad flags.
 */
@Command(name = "modelrt-predict", sortOptions = false,
    description = "Sends Predict to a modelrt runtime (G1/G2 TF Serving API, or G3) and prints the outputs.")
public final class PredictClient {
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--addr", paramLabel = "HOST:PORT", defaultValue = "localhost:${env:APP_PORT:-9090}",
      description = "The runtime. Default localhost:$APP_PORT (9090 when unset).")
  String address;

  @Option(names = "--api", paramLabel = "g2|g3", defaultValue = "g2",
      description = "g2: tensorflow.serving.PredictionService (also G1); g3: hydrosphere.serving.runtime. Default g2.")
  String api;

  @Option(names = "--signature", paramLabel = "NAME", description = "Signature to run (g2); default: the model's.")
  String signature;

  @Option(names = "--model", paramLabel = "NAME", defaultValue = "",
      description = "model_spec.name (g2); default empty: the server's only model.")
  String model;

  @Option(names = "--input", paramLabel = "NAME=V1,V2,...", description = "An input's values, row-major.")
  Map<String, String> inputs = new LinkedHashMap<>();

  @Option(names = "--shape", paramLabel = "NAME=D1,D2,...", description = "An input's shape; default [value count].")
  Map<String, String> shapes = new LinkedHashMap<>();

  @Option(names = "--dtype", paramLabel = "NAME=DT_TYPE", description = "An input's dtype; default DT_FLOAT.")
  Map<String, String> dtypes = new LinkedHashMap<>();

  @Option(names = "--request", paramLabel = "FILE", description = "Cases to send, in the expected.json schema.")
  Path requestFile;

  @Option(names = "--case", paramLabel = "N", description = "Only this case of --request (0-based).")
  Integer caseIndex;

  @Option(names = "--check", description = "Compare each response with the case's expected outputs.")
  boolean check;

  @Option(names = "--content", description = "Send numbers in tensor_content/binary_val, not the typed fields.")
  boolean content;

  @Option(names = "--output-filter", paramLabel = "NAME", description = "Only these outputs (g2).")
  List<String> outputFilter = new ArrayList<>();

  @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "10000", description = "Default 10000.")
  long timeoutMs;

  private PredictClient() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the client; returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    PredictClient client = new PredictClient();
    CommandLine cli = new CommandLine(client);
    RequestFile.Contents contents;
    try {
      cli.parseArgs(args);
      if (cli.isUsageHelpRequested()) {
        cli.usage(out);
        return 0;
      }
      contents = client.contents();
    } catch (CommandLine.ParameterException | IllegalArgumentException | IOException e) {
      err.println("modelrt-predict: " + e.getMessage());
      return 2;
    }
    return client.sendAll(contents, out, err) ? 0 : 1;
  }

  private boolean sendAll(RequestFile.Contents contents, PrintStream out, PrintStream err) {
    ManagedChannel channel = Channels.open(address, 9090);
    try {
      boolean ok = true;
      List<RequestFile.Case> cases = contents.cases();
      for (int i = 0; i < cases.size(); i++) {
        if (cases.size() > 1) {
          out.println("case " + i + ":");
        }
        ok &= send(channel, cases.get(i), contents.tolerance(), out, err);
      }
      return ok;
    } finally {
      channel.shutdownNow();
    }
  }

  private RequestFile.Contents contents() throws IOException {
    if ((requestFile == null) == inputs.isEmpty()) {
      throw new IllegalArgumentException("give either --request FILE or at least one --input");
    }
    if (!api.equals("g2") && !api.equals("g3")) {
      throw new IllegalArgumentException("--api must be g2 or g3, got '" + api + "'");
    }
    if (requestFile == null) {
      RequestFile.Case one = new RequestFile.Case("", TensorArgs.parse(inputs, shapes, dtypes), Map.of());
      return new RequestFile.Contents(RequestFile.DEFAULT_TOLERANCE, List.of(one));
    }
    RequestFile.Contents all = RequestFile.read(requestFile);
    if (caseIndex == null) {
      return all;
    }
    if (caseIndex < 0 || caseIndex >= all.cases().size()) {
      throw new IllegalArgumentException("--case " + caseIndex + ": the file has " + all.cases().size() + " cases");
    }
    return new RequestFile.Contents(all.tolerance(), List.of(all.cases().get(caseIndex)));
  }

  private boolean send(ManagedChannel channel, RequestFile.Case c, double tolerance, PrintStream out,
      PrintStream err) {
    Map<String, TensorText.Values> outputs;
    try {
      outputs = call(channel, c);
    } catch (StatusRuntimeException e) {
      err.println("modelrt-predict: " + e.getStatus().getCode() + ": " + e.getStatus().getDescription());
      return false;
    }
    outputs.forEach((name, v) -> out.println("  " + name + " " + v.dtype() + " " + Arrays.toString(v.shape()) + " = "
        + v.values().stream().map(s -> show(v.dtype(), s)).toList()));
    if (!check || c.outputs().isEmpty()) {
      return true;
    }
    List<String> problems = OutputCheck.mismatches(c.outputs(), outputs, tolerance);
    out.println(problems.isEmpty() ? "  check: ok" : "  check: MISMATCH");
    problems.forEach(p -> out.println("    " + p));
    return problems.isEmpty();
  }

  private Map<String, TensorText.Values> call(ManagedChannel channel, RequestFile.Case c) {
    Map<String, TensorText.Values> outputs = new LinkedHashMap<>();
    if (api.equals("g2")) {
      String sig = signature != null ? signature : c.signature();
      PredictionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(timeoutMs, TimeUnit.MILLISECONDS)
          .predict(PredictRequests.g2(model, sig, c.inputs(), content, outputFilter))
          .getOutputsMap().forEach((k, v) -> outputs.put(k, TensorText.fromTensor(WireFormat.TENSOR_PROTO, v)));
    } else {
      org.modelrt.wire.g3.service.PredictionServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(timeoutMs, TimeUnit.MILLISECONDS).predict(PredictRequests.g3(c.inputs(), content))
          .getOutputsMap().forEach((k, v) -> outputs.put(k, TensorText.fromTensor(WireFormat.G3_TENSOR, v)));
    }
    return outputs;
  }

  /** Numbers as they are; strings quoted when their bytes are UTF-8, base64 otherwise. */
  private static String show(DType dtype, String value) {
    if (dtype != DType.STRING) {
      return value;
    }
    byte[] bytes = TensorText.bytes(value);
    try {
      return '"' + StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString() + '"';
    } catch (CharacterCodingException e) {
      return "base64:" + Base64.getEncoder().encodeToString(bytes);
    }
  }
}
