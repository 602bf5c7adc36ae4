import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.modelrt.wire.kserve.GRPCInferenceServiceGrpc;
import org.modelrt.wire.kserve.InferTensorContents;
import org.modelrt.wire.kserve.ModelInferRequest;
import org.modelrt.wire.kserve.ModelInferResponse;

/**
 * The container test's KServe v2 gRPC client (a single-file program: java -cp <modelrt jar and lib> V2GrpcInfer.java
 * HOST:PORT MODEL): ModelInfer on pt_linear's x = [1, 2, 3, 4]; exits 0 iff y is pt_linear's expected answer
 * (test-models/pt_linear/expected.json) within 1e-5.
 */
public final class V2GrpcInfer {
  public static void main(String[] args) throws Exception {
    float[] expected = {-2.6514198f, 1.3004983f, -0.8323214f};
    ManagedChannel channel = Grpc.newChannelBuilder(args[0], InsecureChannelCredentials.create()).build();
    try {
      ModelInferResponse r = GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
          .modelInfer(ModelInferRequest.newBuilder().setModelName(args[1]).setId("ct")
              .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("x").setDatatype("FP32")
                  .addShape(1).addShape(4).setContents(InferTensorContents.newBuilder()
                      .addAllFp32Contents(List.of(1f, 2f, 3f, 4f))))
              .build());
      List<Float> y = r.getOutputs(0).getContents().getFp32ContentsList();
      System.out.println("v2 ModelInfer: id=" + r.getId() + " model=" + r.getModelName() + " version="
          + r.getModelVersion() + " " + r.getOutputs(0).getName() + "=" + y);
      for (int i = 0; i < expected.length; i++) {
        if (Math.abs(y.get(i) - expected[i]) > 1e-5) {
          System.exit(1);
        }
      }
      System.exit(r.getId().equals("ct") ? 0 : 1);
    } finally {
      channel.shutdownNow();
    }
  }
}
