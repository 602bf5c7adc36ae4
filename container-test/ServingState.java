import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.util.concurrent.TimeUnit;
import org.modelrt.wire.tfserving.StatusResponse;
import org.modelrt.wire.tfserving.service.PredictionServiceGrpc;

/**
 * Container-test client: waits until a runtime has decided (grpc.health.v1 says SERVING or NOT_SERVING), polling
 * every 20 ms, then prints one line: {@code <health> <epoch millis> status=<G2 Status> message=<G2 message>}.
 * The epoch millis are when the decision was first seen, which the test turns into "time from run to SERVING".
 *
 * <p>Usage: {@code ServingState HOST:PORT TIMEOUT_SECONDS}. Exit 0 for SERVING, 3 for NOT_SERVING, 4 when neither
 * came in time (the last RPC error is printed). Single-threaded; closes its channel before exiting.
 */
public final class ServingState {
  private ServingState() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: ServingState HOST:PORT TIMEOUT_SECONDS");
      System.exit(2);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[1]));
    ManagedChannel channel = ManagedChannelBuilder.forTarget(args[0]).usePlaintext().build();
    int exit = 4;
    try {
      String last = "no answer";
      while (System.nanoTime() < deadline) {
        try {
          HealthCheckResponse.ServingStatus health = HealthGrpc.newBlockingStub(channel)
              .withDeadlineAfter(2, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance()).getStatus();
          last = health.name();
          if (health == HealthCheckResponse.ServingStatus.SERVING
              || health == HealthCheckResponse.ServingStatus.NOT_SERVING) {
            long seen = System.currentTimeMillis();
            StatusResponse status = PredictionServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(2, TimeUnit.SECONDS).status(com.google.protobuf.Empty.getDefaultInstance());
            System.out.println(health + " " + seen + " status=" + status.getStatus() + " message="
                + status.getMessage().replace('\n', ' '));
            exit = health == HealthCheckResponse.ServingStatus.SERVING ? 0 : 3;
            return;
          }
        } catch (StatusRuntimeException e) {
          last = e.getStatus().getCode() + " " + e.getStatus().getDescription();
        }
        Thread.sleep(20);
      }
      System.out.println("TIMEOUT " + System.currentTimeMillis() + " last=" + last);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      System.exit(exit);
    }
  }
}
