package org.modelrt.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.modelrt.server.testing.Tensors.dims;
import static org.modelrt.server.testing.Tensors.floats;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.modelrt.server.testing.FakeModel;
import org.modelrt.server.testing.ServerHarness;
import org.modelrt.wire.tensor.TensorProto;
import org.modelrt.wire.tfserving.GetModelMetadataRequest;
import org.modelrt.wire.tfserving.ModelSpec;
import org.modelrt.wire.tfserving.PredictRequest;

/**
 * Over real loopback Netty, error details that quote caller input stay bounded: a 1 MB name is cut to 200 chars,
 * 10,000 input names are listed as ten and a count, and no detail is over 1 KiB (a whole one would not even fit in
 * the client's 8 KiB trailer limit).
 */
final class BoundedDetailsTest {
  private static final String MEGABYTE = "n".repeat(1 << 20);
  private static final TensorProto X = floats(dims(1, 4), 1, 2, 3, 4);

  @AutoClose
  private static final ServerHarness server = ServerHarness.netty(new FakeModel());

  @Test
  void aOneMegabyteInputName() {
    String detail = refusal(() -> server.tf().predict(PredictRequest.newBuilder().putInputs(MEGABYTE, X).build()));

    assertTrue(detail.contains("extra [" + "n".repeat(200) + "... (1048576 chars)]"), detail);
  }

  @Test
  void tenThousandInputNames_inBothGenerations() {
    PredictRequest.Builder g2 = PredictRequest.newBuilder();
    org.modelrt.wire.g3.PredictRequest.Builder g3 = org.modelrt.wire.g3.PredictRequest.newBuilder();
    for (int i = 0; i < 10_000; i++) {
      g2.putInputs(String.format("in%05d", i), X);
      g3.putInputs(String.format("in%05d", i), org.modelrt.wire.g3.Tensor.getDefaultInstance());
    }

    for (String detail : new String[] {refusal(() -> server.tf().predict(g2.build())),
        refusal(() -> server.g3().predict(g3.build()))}) {
      assertTrue(detail.contains("in00009, ... and 9990 more]"), detail);
    }
  }

  @Test
  void aOneMegabyteSignatureName() {
    String detail = refusal(() -> server.tf().predict(PredictRequest.newBuilder()
        .setModelSpec(ModelSpec.newBuilder().setSignatureName(MEGABYTE)).putInputs("x", X).build()));

    assertTrue(detail.startsWith("n".repeat(200) + "... (1048576 chars) signature is not present"), detail);
  }

  @Test
  void aOneMegabyteOutputFilterName() {
    String detail = refusal(() -> server.tf().predict(PredictRequest.newBuilder()
        .setModelSpec(ModelSpec.newBuilder().setSignatureName("predict")).putInputs("x", X)
        .addOutputFilter(MEGABYTE).build()));

    assertTrue(detail.startsWith("output_filter names '" + "n".repeat(200) + "... (1048576 chars)'"), detail);
  }

  @Test
  void aOneMegabyteMetadataField() {
    String detail = refusal(() -> server.tf().getModelMetadata(GetModelMetadataRequest.newBuilder()
        .addMetadataField(MEGABYTE).build()));

    assertTrue(detail.startsWith("metadata field '" + "n".repeat(200) + "... (1048576 chars)'"), detail);
  }

  @Test
  void aOneMegabyteHealthServiceName_isNotFound_withABoundedDetail() {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> server.health()
        .check(io.grpc.health.v1.HealthCheckRequest.newBuilder().setService(MEGABYTE).build()));

    assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode(), e.getStatus().toString());
    assertTrue(e.getStatus().getDescription().getBytes(StandardCharsets.UTF_8).length <= 1024);
  }

  private static String refusal(Supplier<?> call) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::get);
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getStatus().toString());
    String detail = e.getStatus().getDescription();
    assertTrue(detail.getBytes(StandardCharsets.UTF_8).length <= 1024, detail.length() + " chars");
    return detail;
  }
}
