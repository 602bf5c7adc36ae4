package org.modelrt.server.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.modelrt.server.testing.Tensors.dims;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.modelrt.serving.codec.ResponseEncoding;
import org.modelrt.server.testing.FakeModel;
import org.modelrt.server.testing.ServerHarness;
import org.modelrt.server.testing.Tensors;
import org.modelrt.wire.tensor.TensorProto;
import org.modelrt.wire.tfserving.PredictRequest;

/** The configured response encoding overrides what the request used. */
final class ResponseEncodingConfigTest {
  @AutoClose
  private static final FakeModel model = new FakeModel();

  private static TensorProto doubled(ResponseEncoding encoding, TensorProto x) {
    RuntimeServer.Limits limits = new RuntimeServer.Limits(4 << 20, 8, 1 << 20, encoding);
    try (ServerHarness server = ServerHarness.inProcess(ServerHarness.servingState(model), limits)) {
      return server.tf().predict(PredictRequest.newBuilder().putInputs("x", x).build()).getOutputsOrThrow("doubled");
    }
  }

  @Test
  void typed_answersTypedValues_evenToAContentRequest() {
    TensorProto doubled = doubled(ResponseEncoding.TYPED, Tensors.floatContent(dims(1, 4), 1, 2, 3, 4));

    assertTrue(doubled.getTensorContent().isEmpty());
    assertArrayEquals(new float[] {2, 4, 6, 8}, Tensors.floatVal(doubled));
  }

  @Test
  void content_answersTensorContent_evenToATypedRequest() {
    TensorProto doubled = doubled(ResponseEncoding.CONTENT, Tensors.floats(dims(1, 4), 1, 2, 3, 4));

    assertEquals(0, doubled.getFloatValCount());
    assertArrayEquals(new float[] {2, 4, 6, 8}, Tensors.floatsOf(doubled.getTensorContent()));
  }
}
