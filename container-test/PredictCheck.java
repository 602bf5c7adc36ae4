import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.modelrt.wire.g3.Tensor;
import org.modelrt.wire.g3.TensorShape;
import org.modelrt.wire.tensor.DataType;
import org.modelrt.wire.tensor.TensorProto;
import org.modelrt.wire.tensor.TensorShapeProto;
import org.modelrt.wire.tfserving.ModelSpec;
import org.modelrt.wire.tfserving.PredictRequest;

/**
 * Container-test client: sends every case of a test model's expected.json to a running runtime over gRPC and
 * compares the answers with the expected values (computed by the script that made the model, not by a model run).
 * DT_FLOAT tensors only, which is what the engine fixtures the container test serves use.
 *
 * <p>Usage: {@code PredictCheck HOST:PORT EXPECTED_JSON [--api tfs|g3] [--signature NAME]}; {@code tfs} is
 * TF Serving's PredictionService (G1/G2), {@code g3} Hydrosphere 3's. Exit 0 iff every case matches.
 * Single-threaded; closes its channel before exiting.
 */
public final class PredictCheck {
  private PredictCheck() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: PredictCheck HOST:PORT EXPECTED_JSON [--api tfs|g3] [--signature NAME]");
      System.exit(2);
    }
    String api = option(args, "--api", "tfs");
    JsonObject expected = JsonParser.parseString(Files.readString(Path.of(args[1]))).getAsJsonObject();
    String signature = option(args, "--signature", expected.get("signature").getAsString());
    double tolerance = expected.get("tolerance").getAsDouble();
    ManagedChannel channel = ManagedChannelBuilder.forTarget(args[0]).usePlaintext().build();
    List<String> failures = new ArrayList<>();
    try {
      JsonArray cases = expected.getAsJsonArray("cases");
      for (int i = 0; i < cases.size(); i++) {
        JsonObject testCase = cases.get(i).getAsJsonObject();
        try {
          Map<String, Float32> outputs = "g3".equals(api)
              ? predictG3(channel, testCase.getAsJsonObject("inputs"))
              : predictTfs(channel, signature, testCase.getAsJsonObject("inputs"));
          compare("case " + i, testCase.getAsJsonObject("outputs"), outputs, tolerance, failures);
        } catch (StatusRuntimeException e) {
          failures.add("case " + i + ": Predict failed: " + e.getStatus().getCode() + " " + e.getStatus().getDescription());
        }
      }
      String target = "g3".equals(api) ? "" : ", signature '" + signature + "'";
      System.out.println(api + " Predict" + target + ": " + cases.size() + " case(s), " + failures.size()
          + " mismatch(es)");
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    failures.forEach(System.out::println);
    System.exit(failures.isEmpty() ? 0 : 1);
  }

  /** A DT_FLOAT tensor as the server returned it. */
  record Float32(int dtype, List<Long> shape, List<Float> values) {}

  static Map<String, Float32> predictTfs(ManagedChannel channel, String signature, JsonObject inputs) {
    PredictRequest.Builder request = PredictRequest.newBuilder()
        .setModelSpec(ModelSpec.newBuilder().setSignatureName(signature));
    for (Map.Entry<String, JsonElement> input : inputs.entrySet()) {
      JsonObject tensor = input.getValue().getAsJsonObject();
      TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
      longs(tensor.getAsJsonArray("shape")).forEach(d -> shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(d)));
      request.putInputs(input.getKey(), TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(shape)
          .addAllFloatVal(floats(tensor.getAsJsonArray("values"))).build());
    }
    var response = org.modelrt.wire.tfserving.service.PredictionServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(30, TimeUnit.SECONDS).predict(request.build());
    Map<String, Float32> outputs = new java.util.TreeMap<>();
    response.getOutputsMap().forEach((name, t) -> outputs.put(name, new Float32(t.getDtypeValue(),
        t.getTensorShape().getDimList().stream().map(TensorShapeProto.Dim::getSize).toList(), t.getFloatValList())));
    return outputs;
  }

  static Map<String, Float32> predictG3(ManagedChannel channel, JsonObject inputs) {
    org.modelrt.wire.g3.PredictRequest.Builder request = org.modelrt.wire.g3.PredictRequest.newBuilder();
    for (Map.Entry<String, JsonElement> input : inputs.entrySet()) {
      JsonObject tensor = input.getValue().getAsJsonObject();
      request.putInputs(input.getKey(), Tensor.newBuilder().setDtype(org.modelrt.wire.g3.DataType.DT_FLOAT)
          .setTensorShape(TensorShape.newBuilder().addAllDims(longs(tensor.getAsJsonArray("shape"))))
          .addAllFloatVal(floats(tensor.getAsJsonArray("values"))).build());
    }
    var response = org.modelrt.wire.g3.service.PredictionServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(30, TimeUnit.SECONDS).predict(request.build());
    Map<String, Float32> outputs = new java.util.TreeMap<>();
    response.getOutputsMap().forEach((name, t) -> outputs.put(name,
        new Float32(t.getDtypeValue(), t.getTensorShape().getDimsList(), t.getFloatValList())));
    return outputs;
  }

  static void compare(String where, JsonObject expected, Map<String, Float32> actual, double tolerance,
      List<String> failures) {
    for (Map.Entry<String, JsonElement> output : expected.entrySet()) {
      String what = where + ", output '" + output.getKey() + "'";
      Float32 got = actual.get(output.getKey());
      if (got == null) {
        failures.add(what + ": missing; the response has " + actual.keySet());
        continue;
      }
      JsonObject tensor = output.getValue().getAsJsonObject();
      List<Long> shape = longs(tensor.getAsJsonArray("shape"));
      if (got.dtype() != DataType.DT_FLOAT_VALUE || !shape.equals(got.shape())) {
        failures.add(what + ": expected DT_FLOAT " + shape + ", got dtype " + got.dtype() + " " + got.shape());
        continue;
      }
      JsonArray values = tensor.getAsJsonArray("values");
      if (values.size() != got.values().size()) {
        failures.add(what + ": expected " + values.size() + " values, got " + got.values().size());
        continue;
      }
      for (int i = 0; i < values.size(); i++) {
        double want = values.get(i).getAsDouble();
        if (Math.abs(want - got.values().get(i)) > tolerance * Math.max(1.0, Math.abs(want))) {
          failures.add(what + "[" + i + "]: expected " + want + " +- " + tolerance + ", got " + got.values().get(i));
        }
      }
    }
  }

  static List<Long> longs(JsonArray array) {
    List<Long> out = new ArrayList<>();
    array.forEach(e -> out.add(e.getAsLong()));
    return out;
  }

  static List<Float> floats(JsonArray array) {
    List<Float> out = new ArrayList<>();
    array.forEach(e -> out.add(e.getAsFloat()));
    return out;
  }

  static String option(String[] args, String name, String fallback) {
    for (int i = 2; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }
}
