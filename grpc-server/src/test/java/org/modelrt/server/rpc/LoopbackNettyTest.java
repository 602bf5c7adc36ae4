package org.modelrt.server.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.modelrt.server.testing.Tensors.dims;
import static org.modelrt.server.testing.Tensors.floats;

import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.modelrt.server.testing.FakeModel;
import org.modelrt.server.testing.ServerHarness;
import org.modelrt.server.testing.Tensors;
import org.modelrt.wire.tensor.TensorProto;
import org.modelrt.wire.tfserving.PredictRequest;
import org.modelrt.wire.tfserving.PredictResponse;
import org.modelrt.wire.tfserving.service.PredictionServiceGrpc;

/** The runtime over real loopback Netty: wire-level concerns the in-process transport cannot show. */
final class LoopbackNettyTest {
  @AutoClose
  private static final ServerHarness server = ServerHarness.netty(new FakeModel());

  @Test
  void bothGenerations_predictOverLoopback() {
    PredictResponse g2 = server.tf().predict(PredictRequest.newBuilder()
        .putInputs("x", floats(dims(1, 4), 1, 2, 3, 4)).build());
    var g3 = server.g3().predict(org.modelrt.wire.g3.PredictRequest.newBuilder()
        .putInputs("x", Tensors.g3Floats(dims(1, 4), 1, 2, 3, 4)).build());

    assertArrayEquals(new float[] {2, 4, 6, 8}, Tensors.floatVal(g2.getOutputsOrThrow("doubled")));
    assertEquals(4, g3.getOutputsOrThrow("negated").getFloatValCount());
    assertEquals(-4f, g3.getOutputsOrThrow("negated").getFloatVal(3));
  }

  @Test
  void rawBytesThatAreNotAProtobufMessage_areInvalidArgument_andTheServerKeepsServing() {
    byte[] garbage = {(byte) 0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 0x01};

    for (String method : List.of("tensorflow.serving.PredictionService/Predict",
        "hydrosphere.serving.runtime.PredictionService/Predict")) {
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> callRaw(method, garbage));

      assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), method);
      assertTrue(e.getStatus().getDescription().contains("is not a valid"), e.getStatus().getDescription());
    }
    assertEquals(1, server.tf().predict(PredictRequest.newBuilder()
        .putInputs("x", floats(dims(1, 4), 1, 2, 3, 4)).build()).getOutputsOrThrow("doubled").getTensorShape()
        .getDim(0).getSize());
  }

  @Test
  void aMessageOverTheLimit_isResourceExhausted() {
    int overLimit = ServerHarness.LIMITS.maxMessageBytes() / 4 + 16;
    PredictRequest huge = PredictRequest.newBuilder()
        .putInputs("x", Tensors.floatContent(dims(overLimit / 4, 4), new float[overLimit])).build();

    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> server.tf().predict(huge));

    assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
  }

  @Test
  void sixtyFourConcurrentClients_eachOnItsOwnConnection_getTheirOwnAnswers() throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(64);
    List<ManagedChannel> channels = new ArrayList<>();
    try {
      List<Future<float[]>> answers = new ArrayList<>();
      for (int c = 0; c < 64; c++) {
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("localhost", server.server().port(),
            InsecureChannelCredentials.create()).build();
        channels.add(channel);
        float base = c;
        answers.add(clients.submit(() -> {
          var stub = PredictionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
          float[] last = null;
          for (int round = 0; round < 5; round++) {
            TensorProto x = floats(dims(1, 4), base, base + 0.25f, -base, round);
            last = Tensors.floatVal(stub.predict(PredictRequest.newBuilder().putInputs("x", x).build())
                .getOutputsOrThrow("doubled"));
            assertArrayEquals(new float[] {2 * base, 2 * base + 0.5f, -2 * base, 2 * round}, last);
          }
          return last;
        }));
      }
      for (int c = 0; c < 64; c++) {
        assertArrayEquals(new float[] {2f * c, 2f * c + 0.5f, -2f * c, 8}, answers.get(c).get(60, TimeUnit.SECONDS));
      }
    } finally {
      clients.shutdownNow();
      channels.forEach(ManagedChannel::shutdownNow);
    }
  }

  @Test
  void reflection_listsEveryService() throws Exception {
    CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(server.channel())
        .serverReflectionInfo(firstAnswer(answer));
    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
    requests.onCompleted();

    Set<String> services = answer.get(30, TimeUnit.SECONDS).getListServicesResponse().getServiceList().stream()
        .map(ServiceResponse::getName).collect(Collectors.toSet());

    assertTrue(services.containsAll(Set.of("tensorflow.serving.PredictionService",
        "hydrosphere.serving.runtime.PredictionService", "grpc.health.v1.Health")), services.toString());
  }

  @Test
  void reflection_servesEachServiceWithEveryFileItNeeds_asGrpcurlAsks() throws Exception {
    CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(server.channel())
        .serverReflectionInfo(firstAnswer(answer));
    requests.onNext(ServerReflectionRequest.newBuilder()
        .setFileContainingSymbol("hydrosphere.serving.runtime.PredictionService").build());
    requests.onCompleted();

    Set<String> files = new java.util.HashSet<>();
    for (var bytes : answer.get(30, TimeUnit.SECONDS).getFileDescriptorResponse().getFileDescriptorProtoList()) {
      files.add(com.google.protobuf.DescriptorProtos.FileDescriptorProto.parseFrom(bytes).getName());
    }

    assertTrue(files.containsAll(Set.of("hydrosphere/serving/runtime/prediction_service.proto",
        "hydrosphere/serving/runtime/api.proto", "hydrosphere/serving/contract/tensor.proto",
        "hydrosphere/serving/contract/types.proto")), files.toString());
  }

  private static byte[] callRaw(String fullMethodName, byte[] body) {
    MethodDescriptor<byte[], byte[]> method = MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(fullMethodName)
        .setRequestMarshaller(BYTES)
        .setResponseMarshaller(BYTES)
        .build();
    return ClientCalls.blockingUnaryCall(server.channel(), method,
        CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), body);
  }

  private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  private static <T> StreamObserver<T> firstAnswer(CompletableFuture<T> answer) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T value) {
        answer.complete(value);
      }

      @Override
      public void onError(Throwable t) {
        answer.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {}
    };
  }
}
