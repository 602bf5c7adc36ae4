package org.modelrt.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.modelrt.engine.EngineOptions;
import org.modelrt.engine.ModelLoader;
import org.modelrt.fixtures.TestModels;
import org.modelrt.serving.ModelEntry;
import org.modelrt.serving.ModelRegistry;
import org.modelrt.serving.PredictPipeline;
import org.modelrt.serving.ServingState;
import org.modelrt.serving.VersionManager;
import org.modelrt.serving.codec.ResponseEncoding;

/**
 * The REST front over real engines and the repository's test models, in TF Serving mode: each model copied to
 * {@code <tmp>/<name>/<version>/} (TF Serving's layout), served by a real registry and PredictPipeline, answered over
 * loopback HTTP by {@link HttpFront} and called with java.net.http. Close it to drain and unload.
 */
final class RestHarness implements AutoCloseable {
  final HttpFront front;
  final VersionManager manager;
  final PredictPipeline pipeline;
  final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final Path tmp;

  private RestHarness(Path tmp, VersionManager manager, PredictPipeline pipeline, HttpFront front) {
    this.tmp = tmp;
    this.pipeline = pipeline;
    this.manager = manager;
    this.front = front;
  }

  /** Serves each test model named as version 1 under its own name; waits until all are loaded. */
  static RestHarness serving(HttpFront.Options options, String... models) throws Exception {
    Path tmp = Files.createTempDirectory("modelrt-rest");
    ModelRegistry registry = new ModelRegistry(ModelRegistry.Mode.TF_SERVING,
        new ServingState("loading " + List.of(models)));
    VersionManager manager = new VersionManager(registry, ModelLoader::load);
    List<ModelEntry> entries = new java.util.ArrayList<>();
    for (String model : models) {
      Path version = TestModels.copyFiles(model, Files.createDirectories(tmp.resolve(model).resolve("1")));
      entries.add(new ModelEntry(model, ModelEntry.fixed(1, version), Map.of(),
          EngineOptions.defaults().withPredictors(2).withWarmupRuns(0)));
    }
    manager.configure(entries);
    long end = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (registry.state().snapshot().phase() == ServingState.Phase.LOADING && System.nanoTime() < end) {
      Thread.sleep(20);
    }
    ServingState.Snapshot s = registry.state().snapshot();
    if (s.phase() != ServingState.Phase.SERVING) {
      throw new IllegalStateException("models did not load: " + s);
    }
    PredictPipeline pipeline = new PredictPipeline(registry, 16, 1L << 27, ResponseEncoding.AS_REQUEST);
    return new RestHarness(tmp, manager, pipeline, HttpFront.start(options, pipeline));
  }

  static HttpFront.Options options() {
    return new HttpFront.Options(0, 1 << 20, Duration.ofSeconds(30), 16);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + front.port() + path);
  }

  HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(uri(path)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws IOException {
    try {
      front.drain(Duration.ofSeconds(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    manager.close();
    try (var paths = Files.walk(tmp)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
