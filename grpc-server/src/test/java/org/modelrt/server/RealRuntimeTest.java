package org.modelrt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Empty;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.modelrt.engine.ModelLoader;
import org.modelrt.server.codec.ResponseEncoding;
import org.modelrt.server.rpc.ServingState;
import org.modelrt.server.testing.TestModels;
import org.modelrt.wire.g3.PredictRequest;
import org.modelrt.wire.g3.Tensor;
import org.modelrt.wire.g3.TensorShape;
import org.modelrt.wire.tfserving.StatusResponse;
import org.modelrt.wire.tfserving.service.PredictionServiceGrpc;

/** The runtime with the real engine loader, over loopback Netty: the bundled example, and models it must refuse. */
final class RealRuntimeTest {

  private static RuntimeConfig config(Path modelDir) {
    return new RuntimeConfig(0, modelDir, 4 << 20, 1, 0, 0, 1, Optional.empty(), ResponseEncoding.AS_REQUEST,
        Duration.ofSeconds(5), "info", 8, 1 << 20);
  }

  private static ServingState.Snapshot awaitSettled(ModelRuntime runtime) throws InterruptedException {
    CountDownLatch settled = new CountDownLatch(1);
    runtime.state().addListener(s -> {
      if (s.phase() != ServingState.Phase.LOADING) {
        settled.countDown();
      }
    });
    assertTrue(settled.await(120, TimeUnit.SECONDS), "the model never finished loading");
    return runtime.state().snapshot();
  }

  @Test
  void theBundledExample_servesItsG3Contract_overG3AndG2() throws Exception {
    Path example = TestModels.repositoryRoot().resolve("examples/linear-torchscript");
    ModelRuntime runtime = new ModelRuntime(config(example), ModelLoader::load).start();
    ManagedChannel channel = Grpc.newChannelBuilderForAddress("localhost", runtime.port(),
        InsecureChannelCredentials.create()).build();
    try {
      assertEquals(ServingState.Phase.SERVING, awaitSettled(runtime).phase(), runtime.state().snapshot().message());
      Tensor x = Tensor.newBuilder().setDtypeValue(1).setTensorShape(TensorShape.newBuilder().addDims(1).addDims(4))
          .addFloatVal(1).addFloatVal(2).addFloatVal(3).addFloatVal(4).build();

      Tensor y = org.modelrt.wire.g3.service.PredictionServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(30, TimeUnit.SECONDS).predict(PredictRequest.newBuilder().putInputs("x", x).build())
          .getOutputsOrThrow("y");
      var g2 = PredictionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
          .predict(org.modelrt.wire.tfserving.PredictRequest.newBuilder().putInputs("x",
              org.modelrt.server.testing.Tensors.floats(new long[] {1, 4}, 1, 2, 3, 4)).build());

      // test-models/pt_linear/expected.json, computed from the weights by the script that made the model
      float[] expected = {-2.6514198184013367f, 1.3004983067512512f, -0.8323214054107666f};
      for (int i = 0; i < 3; i++) {
        assertEquals(expected[i], y.getFloatVal(i), 1e-5);
        assertEquals(expected[i], g2.getOutputsOrThrow("y").getFloatVal(i), 1e-5);
      }
      assertEquals(java.util.List.of(1L, 3L), y.getTensorShape().getDimsList());
      assertEquals("predict", g2.getModelSpec().getSignatureName());
    } finally {
      channel.shutdownNow();
      runtime.stop();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"pt_nosig", "pt_eager"})
  void aModelTheEngineRefuses_leavesTheRuntimeUp_reportingWhy(String name) throws Exception {
    ModelRuntime runtime = new ModelRuntime(config(TestModels.model(name)), ModelLoader::load).start();
    ManagedChannel channel = Grpc.newChannelBuilderForAddress("localhost", runtime.port(),
        InsecureChannelCredentials.create()).build();
    try {
      assertEquals(ServingState.Phase.FAILED, awaitSettled(runtime).phase());
      String reason = TestModels.loadErrorContains(name).orElseThrow();

      StatusResponse status = PredictionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
          .status(Empty.getDefaultInstance());
      StatusRuntimeException predict = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class,
          () -> org.modelrt.wire.g3.service.PredictionServiceGrpc.newBlockingStub(channel)
              .withDeadlineAfter(30, TimeUnit.SECONDS).predict(PredictRequest.getDefaultInstance()));

      assertEquals(StatusResponse.ServiceStatus.NOT_SERVING, status.getStatus());
      assertTrue(status.getMessage().contains(reason), status.getMessage());
      assertEquals(Status.Code.UNAVAILABLE, predict.getStatus().getCode());
      assertTrue(predict.getStatus().getDescription().contains(reason), predict.getStatus().getDescription());
    } finally {
      channel.shutdownNow();
      runtime.stop();
    }
  }

  @Test
  void prepareEngines_startsEveryEngine_andExitsZero() {
    assertEquals(0, Main.run(new String[] {"--prepare-engines", "--log-level", "warn"}, ModelLoader::load));
  }
}
