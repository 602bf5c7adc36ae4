package org.modelrt.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.modelrt.server.testing.ServerHarness.servingState;
import static org.modelrt.server.testing.Tensors.dims;
import static org.modelrt.server.testing.Tensors.floats;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.modelrt.serving.codec.ResponseEncoding;
import org.modelrt.server.testing.FakeModel;
import org.modelrt.server.testing.ServerHarness;
import org.modelrt.wire.tfserving.PredictRequest;
import org.modelrt.wire.tfserving.PredictResponse;

/**
 * Request metadata over real loopback Netty: the headers proxies and tracing add (an 8 KiB one, 200 small ones) are
 * served under the default 64 KiB limit, where grpc-java's own 8 KiB made them UNKNOWN (HTTP 431); beyond the
 * configured limit the call fails with the status the README documents.
 */
final class MetadataLimitTest {
  private static final PredictRequest X = PredictRequest.newBuilder()
      .putInputs("x", floats(dims(1, 4), 1, 2, 3, 4)).build();

  private static final RuntimeServer.Limits SMALL =
      new RuntimeServer.Limits(4 << 20, 8, 1 << 20, ResponseEncoding.AS_REQUEST, 16 << 10);

  @AutoClose
  private static final FakeModel model = new FakeModel();

  @Test
  void anEightKibHeader_isServedUnderTheDefaultLimit() {
    try (ServerHarness server = ServerHarness.netty(servingState(model), ServerHarness.LIMITS)) {
      Metadata headers = new Metadata();
      headers.put(key("x-trace-context"), "t".repeat(8 << 10));

      assertEquals(4, predict(server, headers).getOutputsOrThrow("doubled").getFloatValCount());
    }
  }

  @Test
  void twoHundredHeaders_areServedUnderTheDefaultLimit() {
    try (ServerHarness server = ServerHarness.netty(servingState(model), ServerHarness.LIMITS)) {
      Metadata headers = new Metadata();
      for (int i = 0; i < 200; i++) {
        headers.put(key("x-proxy-hop-" + i), "value-of-header-number-" + i);
      }

      assertEquals(4, predict(server, headers).getOutputsOrThrow("doubled").getFloatValCount());
    }
  }

  @Test
  void metadataOverTheConfiguredLimit_onAConnectionThatKnowsIt_isRefusedByTheClient_andTheServerKeepsServing() {
    try (ServerHarness server = ServerHarness.netty(servingState(model), SMALL)) {
      Metadata fits = new Metadata();
      fits.put(key("x-trace-context"), "t".repeat(12 << 10));
      assertEquals(4, predict(server, fits).getOutputsOrThrow("doubled").getFloatValCount());

      StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> predict(server, over()));

      // The server advertised its limit (SETTINGS_MAX_HEADER_LIST_SIZE), so grpc-java does not send the headers.
      assertEquals(Status.Code.INTERNAL, e.getStatus().getCode(), e.getStatus().toString());
      assertTrue(String.valueOf(e.getStatus().getCause()).contains("Header size exceeded max allowed size (16384)"),
          e.getStatus().toString());
      assertEquals(4, predict(server, new Metadata()).getOutputsOrThrow("doubled").getFloatValCount());
    }
  }

  @Test
  void metadataOverTheConfiguredLimit_asTheFirstCallOfAConnection_isRefused_andTheServerKeepsServing() {
    try (ServerHarness server = ServerHarness.netty(servingState(model), SMALL)) {
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> predict(server, over()));

      // Sent before the server's SETTINGS arrived, the headers reach the server, which answers HTTP 431 (UNKNOWN
      // to a gRPC client); after them, the client refuses to send (INTERNAL). Either way the model never runs.
      assertTrue(Set.of(Status.Code.UNKNOWN, Status.Code.INTERNAL).contains(e.getStatus().getCode()),
          e.getStatus().toString());
      assertEquals(4, predict(server, new Metadata()).getOutputsOrThrow("doubled").getFloatValCount());
    }
  }

  private static Metadata over() {
    Metadata over = new Metadata();
    over.put(key("x-trace-context"), "t".repeat(20 << 10));
    return over;
  }

  private static PredictResponse predict(ServerHarness server, Metadata headers) {
    return server.tf().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers)).predict(X);
  }

  private static Metadata.Key<String> key(String name) {
    return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
  }
}
