package org.modelrt.bench.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.modelrt.wire.g3.TensorShape;
import org.modelrt.wire.tensor.TensorProto;
import org.modelrt.wire.tensor.TensorShapeProto;
import org.modelrt.wire.tfserving.ModelSpec;
import org.modelrt.wire.tfserving.PredictRequest;
import org.modelrt.wire.tfserving.PredictResponse;
import org.modelrt.wire.tfserving.service.PredictionServiceGrpc;

class EchoServerTest {
  private final String name = InProcessServerBuilder.generateName();
  private final EchoServer echo = startEcho(name);
  private final ManagedChannel channel = InProcessChannelBuilder.forName(name).build();

  private static EchoServer startEcho(String name) {
    try {
      return new EchoServer(InProcessServerBuilder.forName(name), 2).start();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterEach
  void close() {
    channel.shutdownNow();
    echo.close();
  }

  @Test
  void g2PredictReturnsTheInputsAsOutputsAndEchoesTheModelSpec() {
    TensorProto x = TensorProto.newBuilder().setDtypeValue(1)
        .setTensorShape(TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dim.newBuilder().setSize(2)))
        .addFloatVal(1.5f).addFloatVal(-2f).build();
    ModelSpec spec = ModelSpec.newBuilder().setName("m").setSignatureName("serving_default").build();
    PredictResponse response = PredictionServiceGrpc.newBlockingStub(channel)
        .predict(PredictRequest.newBuilder().setModelSpec(spec).putInputs("x", x).build());
    assertEquals(java.util.Map.of("x", x), response.getOutputsMap());
    assertEquals(spec, response.getModelSpec());
  }

  @Test
  void g3PredictReturnsTheInputsAsOutputs() {
    org.modelrt.wire.g3.Tensor x = org.modelrt.wire.g3.Tensor.newBuilder().setDtypeValue(9)
        .setTensorShape(TensorShape.newBuilder().addDims(1)).addInt64Val(1L << 60).build();
    org.modelrt.wire.g3.PredictResponse response = org.modelrt.wire.g3.service.PredictionServiceGrpc
        .newBlockingStub(channel).predict(org.modelrt.wire.g3.PredictRequest.newBuilder().putInputs("ids", x).build());
    assertEquals(java.util.Map.of("ids", x), response.getOutputsMap());
  }
}
