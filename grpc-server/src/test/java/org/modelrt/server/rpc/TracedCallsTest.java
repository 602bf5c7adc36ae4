package org.modelrt.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.modelrt.server.testing.FakeModel;
import org.modelrt.server.testing.ServerHarness;
import org.modelrt.server.testing.Tensors;
import org.modelrt.serving.SingleModel;
import org.modelrt.serving.observe.Observability;
import org.modelrt.serving.observe.ServingMetrics;
import org.modelrt.serving.observe.Tracing;
import org.modelrt.wire.tfserving.PredictRequest;
import org.modelrt.wire.tfserving.service.PredictionServiceGrpc;

/** OpenTelemetry spans of real gRPC calls over loopback Netty, exported to the SDK's in-memory exporter. */
final class TracedCallsTest {
  @Test
  void aPredictWithATraceparent_isAServerSpanUnderIt_withItsFourPhases() throws Exception {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
        .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()).build();
    Observability observability = new Observability(new ServingMetrics(new PrometheusRegistry()), null,
        new Tracing(sdk));
    List<SpanData> spans;
    try (FakeModel model = new FakeModel()) {
      SingleModel state = ServerHarness.servingState(model);
      RuntimeServer server = new RuntimeServer(Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()),
          ServerHarness.LIMITS.pipeline(state.registry()), ServerHarness.LIMITS, ModelService.NO_RELOAD,
          observability).start();
      ManagedChannel channel = Grpc.newChannelBuilderForAddress("localhost", server.port(),
          InsecureChannelCredentials.create()).build();
      try {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER),
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        PredictionServiceGrpc.newBlockingStub(channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
            .withDeadlineAfter(30, TimeUnit.SECONDS)
            .predict(PredictRequest.newBuilder().putInputs("x", Tensors.floats(Tensors.dims(1, 4), 1, 2, 3, 4))
                .build());
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.drain(Duration.ofSeconds(5));
        spans = exporter.getFinishedSpanItems(); // before the SDK's shutdown, which clears the exporter
        sdk.close();
      }
    }
    SpanData call = spans.stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst()
        .orElseThrow(() -> new AssertionError("no server span in " + spans));
    assertEquals("tensorflow.serving.PredictionService/Predict", call.getName());
    assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", call.getTraceId());
    assertEquals("00f067aa0ba902b7", call.getParentSpanId());
    assertEquals(List.of("queue", "decode", "engine", "encode"), spans.stream()
        .filter(s -> s.getParentSpanId().equals(call.getSpanId()))
        .sorted(java.util.Comparator.comparingLong(SpanData::getStartEpochNanos)).map(SpanData::getName).toList());
    assertTrue(spans.stream().noneMatch(s -> s.getName().startsWith("grpc.health")), "health is not traced");
  }
}
