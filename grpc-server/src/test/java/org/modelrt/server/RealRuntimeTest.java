package org.modelrt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Empty;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.modelrt.engine.ModelLoader;
import org.modelrt.fixtures.TestModels;
import org.modelrt.serving.ServingState;
import org.modelrt.server.testing.LoopbackRuntime;
import org.modelrt.wire.g3.PredictRequest;
import org.modelrt.wire.g3.Tensor;
import org.modelrt.wire.g3.TensorShape;
import org.modelrt.wire.tfserving.StatusResponse;

/** The runtime with the real engine loader, over loopback Netty: the bundled example, and models it must refuse. */
final class RealRuntimeTest {

  @Test
  void theBundledExample_servesItsG3Contract_overG3AndG2() throws Exception {
    try (LoopbackRuntime runtime = LoopbackRuntime.start(TestModels.bundledExample(), ModelLoader::load)) {
      ServingState.Snapshot settled = runtime.awaitSettled();
      assertEquals(ServingState.Phase.SERVING, settled.phase(), settled.message());
      Tensor x = Tensor.newBuilder().setDtypeValue(1).setTensorShape(TensorShape.newBuilder().addDims(1).addDims(4))
          .addFloatVal(1).addFloatVal(2).addFloatVal(3).addFloatVal(4).build();

      Tensor y = runtime.g3().predict(PredictRequest.newBuilder().putInputs("x", x).build()).getOutputsOrThrow("y");
      var g2 = runtime.tf().predict(org.modelrt.wire.tfserving.PredictRequest.newBuilder().putInputs("x",
          org.modelrt.server.testing.Tensors.floats(new long[] {1, 4}, 1, 2, 3, 4)).build());

      // test-models/pt_linear/expected.json, computed from the weights by the script that made the model
      float[] expected = {-2.6514198184013367f, 1.3004983067512512f, -0.8323214054107666f};
      for (int i = 0; i < 3; i++) {
        assertEquals(expected[i], y.getFloatVal(i), 1e-5);
        assertEquals(expected[i], g2.getOutputsOrThrow("y").getFloatVal(i), 1e-5);
      }
      assertEquals(java.util.List.of(1L, 3L), y.getTensorShape().getDimsList());
      // No model named, no model_spec in the answer: upstream Hydrosphere clients compare whole responses.
      org.junit.jupiter.api.Assertions.assertFalse(g2.hasModelSpec());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"pt_nosig", "pt_eager"})
  void aModelTheEngineRefuses_leavesTheRuntimeUp_reportingWhy(String name) throws Exception {
    try (LoopbackRuntime runtime = LoopbackRuntime.start(TestModels.dir(name), ModelLoader::load)) {
      assertEquals(ServingState.Phase.FAILED, runtime.awaitSettled().phase());
      String reason = TestModels.expected(name).loadErrorContains();

      StatusResponse status = runtime.tf().status(Empty.getDefaultInstance());
      StatusRuntimeException predict = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class,
          () -> runtime.g3().predict(PredictRequest.getDefaultInstance()));

      assertEquals(StatusResponse.ServiceStatus.NOT_SERVING, status.getStatus());
      assertTrue(status.getMessage().contains(reason), status.getMessage());
      assertEquals(Status.Code.UNAVAILABLE, predict.getStatus().getCode());
      assertTrue(predict.getStatus().getDescription().contains(reason), predict.getStatus().getDescription());
    }
  }

  @Test
  void prepareEngines_startsEveryEngine_andExitsZero() {
    assertEquals(0, Main.run(new String[] {"--prepare-engines", "--log-level", "warn"}, ModelLoader::load));
  }
}
