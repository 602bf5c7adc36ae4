package org.modelrt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelrt.engine.ModelLoader;
import org.modelrt.fixtures.TestModels;
import org.modelrt.serving.ModelRegistry;
import org.modelrt.serving.ServingState;
import picocli.CommandLine;

/**
 * The runtime in TF Serving mode with REST on, from its flags: TF Serving's Docker quickstart answered on
 * {@code --rest_api_port} beside gRPC, the Prometheus pages mounted, and REST gone once the runtime has stopped.
 */
final class RestFrontWiringTest {
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void theQuickstart_onTheRestPort_ofARuntimeInTfServingMode(@TempDir Path tmp) throws Exception {
    Path base = tmp.resolve("half_plus_two");
    TestModels.copyFiles("half_plus_two", Files.createDirectories(base.resolve("1")));
    int restPort = freePort();
    CommandLineOptions options = new CommandLineOptions();
    new CommandLine(options).parseArgs("--port", "0", "--model_name", "half_plus_two", "--model_base_path",
        base.toString(), "--rest_api_port", Integer.toString(restPort), "--rest_api_timeout_in_ms", "5000",
        "--warmup-runs", "0", "--shutdown-grace-seconds", "1");
    RuntimeConfig config = options.toConfig();
    assertEquals(Duration.ofSeconds(5), config.tfServing().restApiTimeout());

    try (TfServingMode mode = new TfServingMode(config.tfServing(), config.engineOptions())) {
      ModelRuntime runtime = new ModelRuntime(config, ModelRegistry.Mode.TF_SERVING, mode.entries(),
          mode.loadingMessage(), ModelLoader::load, null).start();
      try {
        long end = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (runtime.state().snapshot().phase() == ServingState.Phase.LOADING && System.nanoTime() < end) {
          Thread.sleep(20);
        }
        assertEquals(restPort, runtime.restPort());
        HttpResponse<String> predict = client.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + restPort + "/v1/models/half_plus_two:predict"))
            .POST(HttpRequest.BodyPublishers.ofString("{\"instances\": [1.0, 2.0, 5.0]}")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, predict.statusCode(), predict.body());
        assertEquals("{\"predictions\": [2.5, 3.0, 4.5]}", predict.body());

        // KServe v2 on the same port, over the same core: x is [3,1] in v2 datatypes, traced by the caller.
        HttpResponse<String> v2 = client.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + restPort + "/v2/models/half_plus_two/infer"))
            .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
            .POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"q1\", \"inputs\": [{\"name\": \"x\", "
                + "\"shape\": [3, 1], \"datatype\": \"FP32\", \"data\": [1.0, 2.0, 5.0]}]}")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, v2.statusCode(), v2.body());
        assertTrue(v2.body().contains("\"id\":\"q1\"") || v2.body().contains("\"id\": \"q1\""), v2.body());
        assertTrue(v2.body().replace(" ", "").contains("\"data\":[2.5,3.0,4.5]"), v2.body());
        HttpResponse<String> ready = client.send(HttpRequest.newBuilder(
            URI.create("http://localhost:" + restPort + "/v2/health/ready")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ready.statusCode(), ready.body());

        for (String page : new String[] {"/metrics", "/monitoring/prometheus/metrics"}) {
          HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(
              URI.create("http://localhost:" + restPort + page)).build(), HttpResponse.BodyHandlers.ofString());
          assertEquals(200, metrics.statusCode());
          assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
          // REST calls are recorded like gRPC ones, under TF Serving's names and modelrt's
          assertTrue(metrics.body().contains(
              "modelrt_request_seconds_count{method=\"/v1/models/{model}:predict\",model=\"half_plus_two\","
              + "protocol=\"rest\",signature=\"serving_default\",status=\"OK\",version=\"1\"} 1"),
              metrics.body());
          assertTrue(metrics.body().contains("protocol=\"rest\""), metrics.body());
        }
      } finally {
        runtime.stop();
      }
      assertThrows(ConnectException.class, () -> client.send(HttpRequest.newBuilder(
          URI.create("http://localhost:" + restPort + "/v1/models/half_plus_two")).build(),
          HttpResponse.BodyHandlers.ofString()));
    }
  }
}
