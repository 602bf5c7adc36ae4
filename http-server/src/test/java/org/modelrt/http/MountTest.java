package org.modelrt.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.modelrt.serving.ModelRegistry;
import org.modelrt.serving.PredictPipeline;
import org.modelrt.serving.ServingException;
import org.modelrt.serving.ServingState;
import org.modelrt.serving.codec.ResponseEncoding;

/** A handler mounted under a prefix (how KServe v2's V2Rest joins the port) gets its calls; other paths do not. */
final class MountTest {
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void aMount_servesItsPrefix_withItsHeaders_andFailuresBecomeJsonErrors() throws Exception {
    PredictPipeline pipeline = new PredictPipeline(new ModelRegistry(ModelRegistry.Mode.TF_SERVING,
        new ServingState("loading")), 4, 1 << 20, ResponseEncoding.AS_REQUEST);
    HttpFront.Mount echo = (method, path, headers, body, caller) -> {
      if (path.endsWith("/fail")) {
        throw new ServingException(ServingException.Code.NOT_FOUND, "no such model");
      }
      String json = "{\"method\": \"" + method + "\", \"path\": \"" + path + "\", \"bytes\": " + body.length
          + ", \"type\": \"" + headers.get("content-type") + "\"}";
      return new HttpFront.Reply(200, "application/json", Map.of("Inference-Header-Content-Length", "7"),
          json.getBytes(StandardCharsets.UTF_8));
    };
    try (HttpFront front = HttpFront.start(new HttpFront.Options(0, 1 << 20, Duration.ofSeconds(30), 4), pipeline,
        Map.of("/v2", echo))) {
      String base = "http://127.0.0.1:" + front.port();
      HttpResponse<String> infer = client.send(HttpRequest.newBuilder(URI.create(base + "/v2/models/m/infer?x=1"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("abc")).build(),
          HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> fail = client.send(HttpRequest.newBuilder(URI.create(base + "/v2/fail")).build(),
          HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> other = client.send(HttpRequest.newBuilder(URI.create(base + "/v2x")).build(),
          HttpResponse.BodyHandlers.ofString());

      assertEquals(200, infer.statusCode());
      assertEquals("{\"method\": \"POST\", \"path\": \"/v2/models/m/infer\", \"bytes\": 3,"
          + " \"type\": \"application/json\"}", infer.body());
      assertEquals("7", infer.headers().firstValue("Inference-Header-Content-Length").orElse(""));
      assertEquals(404, fail.statusCode());
      assertEquals("{\"error\": \"no such model\"}", fail.body());
      assertEquals(404, other.statusCode());
    }
  }
}
