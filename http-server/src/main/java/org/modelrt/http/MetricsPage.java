package org.modelrt.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;

/**
 * {@code GET /metrics} and {@code /monitoring/prometheus/metrics} (TF Serving's path): the default Prometheus
 * registry, in the format the {@code Accept} header asks for (text 0.0.4 by default, OpenMetrics or protobuf on
 * request). Whoever registers metrics registers them there. Thread-safe.
 */
final class MetricsPage {
  private static final ExpositionFormats FORMATS = ExpositionFormats.init();

  private MetricsPage() {}

  static Answer scrape(String accept, ByteBufAllocator alloc) throws IOException {
    ExpositionFormatWriter writer = FORMATS.findWriter(accept);
    ByteBuf out = alloc.buffer();
    try (ByteBufOutputStream stream = new ByteBufOutputStream(out)) {
      writer.write(stream, PrometheusRegistry.defaultRegistry.scrape());
    } catch (IOException | RuntimeException e) {
      out.release();
      throw e;
    }
    return new Answer(200, writer.getContentType(), out);
  }
}
