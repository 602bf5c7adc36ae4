package org.modelrt.server.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.modelrt.server.testing.Tensors.dims;
import static org.modelrt.server.testing.Tensors.floatsOf;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.modelrt.server.testing.FakeModel;
import org.modelrt.server.testing.ServerHarness;
import org.modelrt.server.testing.Tensors;
import org.modelrt.wire.g3.DataType;
import org.modelrt.wire.g3.PredictRequest;
import org.modelrt.wire.g3.PredictResponse;
import org.modelrt.wire.g3.Tensor;

/** G3 Predict (hydrosphere.serving.runtime.PredictionService) over the in-process transport, on the fake model. */
final class HydrospherePredictTest {
  @AutoClose
  private static final ServerHarness server = ServerHarness.inProcess(new FakeModel());

  private static float[] floatVal(Tensor t) {
    float[] v = new float[t.getFloatValCount()];
    for (int i = 0; i < v.length; i++) {
      v[i] = t.getFloatVal(i);
    }
    return v;
  }

  @Test
  void predict_runsTheDefaultSignature_andAnswersEveryOutputTypedWithItsShape() {
    PredictResponse response = server.g3().predict(PredictRequest.newBuilder()
        .putInputs("x", Tensors.g3Floats(dims(1, 4), 1, -2, 0.5f, 4)).build());

    Tensor doubled = response.getOutputsOrThrow("doubled");
    assertEquals(DataType.DT_FLOAT, doubled.getDtype());
    assertArrayEquals(new long[] {1, 4}, doubled.getTensorShape().getDimsList().stream().mapToLong(d -> d).toArray());
    assertArrayEquals(new float[] {2, -4, 1, 8}, floatVal(doubled));
    assertArrayEquals(new float[] {-1, 2, -0.5f, -4}, floatVal(response.getOutputsOrThrow("negated")));
  }

  @Test
  void binaryValRequest_isAnsweredWithBinaryVal() {
    Tensor x = Tensor.newBuilder().setDtype(DataType.DT_FLOAT)
        .setTensorShape(org.modelrt.wire.g3.TensorShape.newBuilder().addDims(2).addDims(4))
        .setBinaryVal(Tensors.littleEndian(1, 2, 3, 4, 5, 6, 7, 8)).build();

    Tensor doubled = server.g3().predict(PredictRequest.newBuilder().putInputs("x", x).build())
        .getOutputsOrThrow("doubled");

    assertEquals(0, doubled.getFloatValCount());
    assertArrayEquals(new float[] {2, 4, 6, 8, 10, 12, 14, 16}, floatsOf(doubled.getBinaryVal()));
  }

  @Test
  void wrongDtype_isInvalidArgumentNamingTheInputTheExpectedAndTheReceived() {
    Tensor ints = Tensor.newBuilder().setDtype(DataType.DT_INT32)
        .setTensorShape(org.modelrt.wire.g3.TensorShape.newBuilder().addDims(1).addDims(4))
        .addIntVal(1).addIntVal(2).addIntVal(3).addIntVal(4).build();

    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> server.g3().predict(PredictRequest.newBuilder().putInputs("x", ints).build()));

    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertEquals("input 'x': expected dtype DT_FLOAT, received DT_INT32", e.getStatus().getDescription());
  }
}
