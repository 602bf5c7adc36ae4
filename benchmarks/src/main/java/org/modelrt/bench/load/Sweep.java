package org.modelrt.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A concurrency sweep: one {@link ClosedLoop} level after another against the same target, with the server's RSS
 * read (when its pid is known) before the first call, after the first level's warmup and after the last level.
 * Used by {@link LoadGenerator} and by the standard suite. Not thread-safe; one sweep runs at a time.
 *
 * @param levels calls kept outstanding, one level each
 * @param warmup unmeasured time at the start of each level
 * @param duration the measured window of each level, unless {@code calls} > 0
 * @param calls measure exactly this many calls per level instead of a duration (0: use the duration)
 */
public record Sweep(List<Integer> levels, Duration warmup, Duration duration, long calls) {
  public Sweep {
    levels = List.copyOf(levels);
  }

  /**
   * Runs every level.
   *
   * @param pid the server's process id, or -1 to skip RSS
   * @param progress told each level's result as it finishes
   */
  public SweepReport run(PredictTarget target, String address, PredictTarget.Protocol protocol, RequestSpec spec,
      long pid, Consumer<LevelResult> progress) throws InterruptedException {
    long rssBefore = rss(pid);
    long[] rssAfterWarmup = {-1};
    List<LevelResult> results = new ArrayList<>();
    for (int level : levels) {
      Runnable afterWarmup = () -> rssAfterWarmup[0] = rssAfterWarmup[0] < 0 ? rss(pid) : rssAfterWarmup[0];
      LevelResult result = new ClosedLoop(target, level)
          .run(warmup, new ClosedLoop.Window(duration, calls), afterWarmup, pid);
      progress.accept(result);
      results.add(result);
    }
    return new SweepReport(address, protocol.name(), spec.payloadBytes(), results, rssBefore, rssAfterWarmup[0],
        rss(pid));
  }

  private static long rss(long pid) {
    return pid < 0 ? -1 : ProcessMemory.rssKib(pid).orElse(-1);
  }
}
