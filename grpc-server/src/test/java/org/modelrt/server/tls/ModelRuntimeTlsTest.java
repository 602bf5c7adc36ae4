package org.modelrt.server.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelrt.server.ModelRuntime;
import org.modelrt.server.RuntimeConfig;
import org.modelrt.server.TfServingOptions;
import org.modelrt.server.rpc.RuntimeServer;
import org.modelrt.serving.codec.ResponseEncoding;
import org.modelrt.server.testing.FakeModel;
import org.modelrt.wire.tfserving.PredictRequest;
import org.modelrt.server.testing.Tensors;

/** The runtime as Main assembles it, configured for mutual TLS: the port speaks only mutual TLS. */
final class ModelRuntimeTlsTest {
  @TempDir
  Path dir;

  @Test
  void aRuntimeConfiguredForMutualTls_servesPredictOverIt_andRefusesPlaintext() throws Exception {
    TestPki.Ca ca = TestPki.Ca.create("runtime CA");
    Path cert = dir.resolve("tls.crt");
    Path key = dir.resolve("tls.key");
    Path caFile = dir.resolve("ca.crt");
    ca.server("runtime").write(cert, key, Duration.ZERO);
    Files.writeString(caFile, ca.pem());
    Path clientCert = dir.resolve("client.crt");
    Path clientKey = dir.resolve("client.key");
    ca.client("client").write(clientCert, clientKey, Duration.ZERO);
    TlsSettings tls = new TlsSettings(Optional.of(cert), Optional.of(key), Optional.of(caFile), Optional.empty(),
        Duration.ofSeconds(1));
    RuntimeConfig config = new RuntimeConfig(0, dir, 4 << 20, 1, 0, 0, 0, Optional.empty(),
        ResponseEncoding.AS_REQUEST, Duration.ofSeconds(2), "info", 8, 1 << 20, TfServingOptions.none(),
        org.modelrt.serving.batching.BatchingConfig.OFF, "", "text", RuntimeServer.Limits.DEFAULT_MAX_METADATA_BYTES, tls);
    ModelRuntime runtime = new ModelRuntime(config, (modelDir, options) -> new FakeModel()).start();
    ManagedChannel mtls = Grpc.newChannelBuilderForAddress("localhost", runtime.port(),
        TlsChannelCredentials.newBuilder().trustManager(caFile.toFile())
            .keyManager(clientCert.toFile(), clientKey.toFile()).build()).build();
    ManagedChannel plaintext = Grpc.newChannelBuilderForAddress("localhost", runtime.port(),
        InsecureChannelCredentials.create()).build();
    try {
      var health = HealthGrpc.newBlockingStub(mtls);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (health.withDeadlineAfter(10, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance())
          .getStatus() != HealthCheckResponse.ServingStatus.SERVING && System.nanoTime() < deadline) {
        Thread.sleep(50); // the model loads in the background
      }
      var stub = org.modelrt.wire.tfserving.service.PredictionServiceGrpc.newBlockingStub(mtls)
          .withDeadlineAfter(30, TimeUnit.SECONDS).withWaitForReady();
      var answer = stub.predict(PredictRequest.newBuilder()
          .putInputs("x", Tensors.floats(Tensors.dims(1, 4), 1, 2, 3, 4)).build());
      assertEquals(4, answer.getOutputsOrThrow("doubled").getFloatValCount());

      StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> HealthGrpc
          .newBlockingStub(plaintext).withDeadlineAfter(10, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance()));
      assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
    } finally {
      mtls.shutdownNow();
      plaintext.shutdownNow();
      runtime.stop();
    }
  }
}
