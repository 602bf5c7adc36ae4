package org.modelrt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelrt.fixtures.TestModels;
import org.modelrt.server.testing.Tensors;
import org.modelrt.serving.ServingFailures;
import org.modelrt.wire.tfserving.ModelSpec;
import org.modelrt.wire.tfserving.PredictRequest;
import org.slf4j.LoggerFactory;

/**
 * TF Serving mode leaves shapes to the engine, so a [3,5] tensor reaches a linear model taking x: [-1,4]. Each real
 * engine's refusal is the caller's error on both fronts: G2 Predict answers INVALID_ARGUMENT and REST predict 400
 * {"error": ...}, naming the input and both shapes with the engine's reason on one line, no ERROR logged; the server
 * keeps serving good calls.
 */
final class EngineRefusalsEndToEndTest {
  private static final String WRONG = "the model refused input 'x' of shape [3,5] (the model declares [-1,4]): ";
  /** Per model, the engine's reason for the [3,5] tensor. */
  private static final Map<String, String> REASONS = Map.of(
      "tf_linear", "Matrix size-incompatible: In[0]: [3,5], In[1]: [4,3]",
      "onnx_linear", "Got invalid dimensions for input: x for the following indices index: 1 Got: 5 Expected: 4 "
          + "Please fix either the inputs/outputs or the model.",
      "pt_linear", "RuntimeError: mat1 and mat2 shapes cannot be multiplied (3x5 and 4x3)");

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir Path models;

  @Test
  void aWrongShape_isEachEnginesInvalidArgument_onGrpcAndRest_andGoodCallsStillServe() throws Exception {
    StringBuilder config = new StringBuilder("model_config_list {\n");
    for (String model : REASONS.keySet()) {
      TestModels.copyFiles(model, Files.createDirectories(models.resolve(model).resolve("1")));
      config.append("  config { name: \"%s\" base_path: \"%s\" }\n".formatted(model, models.resolve(model)));
    }
    Path file = Files.writeString(models.resolve("models.config"), config.append("}\n").toString());
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    Logger failureLog = (Logger) LoggerFactory.getLogger(ServingFailures.class);
    log.start();
    failureLog.addAppender(log);
    try (TfServingRuntime runtime = new TfServingRuntime("--model_config_file", file.toString(),
        "--rest_api_port", Integer.toString(freePort())).awaitServing()) {
      int restPort = runtime.runtime().restPort();
      for (Map.Entry<String, String> model : REASONS.entrySet()) {
        String name = model.getKey();
        String expected = WRONG + model.getValue();

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
            () -> runtime.tf().predict(predict(name, 3, 5)));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), name + ": " + e.getStatus());
        assertEquals(expected, e.getStatus().getDescription(), name);

        HttpResponse<String> rest = restPredict(restPort, name,
            "{\"instances\": [[1, 2, 3, 4, 5], [1, 2, 3, 4, 5], [1, 2, 3, 4, 5]]}");
        assertEquals(400, rest.statusCode(), name + ": " + rest.body());
        JsonObject body = JsonParser.parseString(rest.body()).getAsJsonObject();
        assertEquals(expected, body.get("error").getAsString(), name);
        assertTrue(rest.body().getBytes(StandardCharsets.UTF_8).length < 1024, rest.body());

        // the server keeps serving: the right shape answers on both fronts
        assertEquals(3, runtime.tf().predict(predict(name, 1, 4)).getOutputsOrThrow("y").getFloatValCount(), name);
        HttpResponse<String> good = restPredict(restPort, name, "{\"instances\": [[1, 2, 3, 4]]}");
        assertEquals(200, good.statusCode(), name + ": " + good.body());
      }
    } finally {
      failureLog.detachAppender(log);
    }
    for (ILoggingEvent line : log.list) {
      assertTrue(line.getLevel().toInt() < Level.ERROR.toInt(), "the caller's error logged at ERROR: " + line);
      assertNull(line.getThrowableProxy(), "a stack trace logged for the caller's error: " + line);
    }
    assertFalse(log.list.size() > 2 * REASONS.size(), "more than one line per refused call: " + log.list);
  }

  private static PredictRequest predict(String model, int rows, int columns) {
    float[] values = new float[rows * columns];
    for (int i = 0; i < values.length; i++) {
      values[i] = i % columns + 1;
    }
    return PredictRequest.newBuilder().setModelSpec(ModelSpec.newBuilder().setName(model))
        .putInputs("x", Tensors.floats(new long[] {rows, columns}, values)).build();
  }

  private HttpResponse<String> restPredict(int port, String model, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/models/" + model + ":predict"))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
