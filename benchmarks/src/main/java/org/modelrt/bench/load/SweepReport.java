package org.modelrt.bench.load;

import java.util.List;

/**
 * A whole load run: what was driven, each level's result and, when a server pid was given, the server's resident
 * memory at three points (KiB; -1 when not measured).
 *
 * @param target host:port
 * @param protocol the {@link PredictTarget.Protocol} name
 * @param payloadBytes what one request carries: the serialized input tensors (G2, G3), the body (TF Serving REST, v2
 *     REST), the serialized ModelInferRequest (v2 gRPC)
 * @param rssBeforeKib before the first call
 * @param rssAfterWarmupKib after the first level's warmup
 * @param rssAfterKib after the last level
 */
public record SweepReport(String target, String protocol, long payloadBytes, List<LevelResult> levels,
    long rssBeforeKib, long rssAfterWarmupKib, long rssAfterKib) {

  /** This report with another payload size (the load generator's, in its protocol's terms). */
  public SweepReport withPayloadBytes(long bytes) {
    return new SweepReport(target, protocol, bytes, levels, rssBeforeKib, rssAfterWarmupKib, rssAfterKib);
  }

  /** Total calls that did not end OK, over every level. */
  public long errors() {
    return levels.stream().mapToLong(LevelResult::errors).sum();
  }

  /** RSS after the run minus RSS after warmup, in MiB; NaN when not measured. */
  public double rssGrowthMib() {
    return rssAfterKib < 0 || rssAfterWarmupKib < 0 ? Double.NaN : (rssAfterKib - rssAfterWarmupKib) / 1024.0;
  }
}
