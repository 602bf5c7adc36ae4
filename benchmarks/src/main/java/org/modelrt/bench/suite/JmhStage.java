package org.modelrt.bench.suite;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the suite's JMH benchmarks through JMH's API, each in forked JVMs with the settings of {@link Budget}, and
 * keeps every result. A benchmark that fails is reported by JMH and skipped; its figures show as missing.
 */
final class JmhStage {
  /**
   * How long each benchmark runs. The standard suite's budget keeps the whole suite under ~25 minutes on 2 cores:
   * one fork, few short iterations; the report quotes medians and ratios taken in the same run for that reason.
   */
  record Budget(int forks, int warmupIterations, double warmupSeconds, int iterations, double seconds) {
    String describe() {
      return forks + " fork, " + warmupIterations + " x " + warmupSeconds + " s warmup, " + iterations + " x "
          + seconds + " s measured";
    }
  }

  /** One benchmark class (or method regex) with parameter overrides. */
  record Selection(String include, Map<String, String[]> params) {}

  private final List<RunResult> results = new ArrayList<>();

  List<RunResult> results() {
    return results;
  }

  void run(Selection selection, Budget budget) throws RunnerException {
    ChainedOptionsBuilder options = new OptionsBuilder()
        .include(selection.include())
        .forks(budget.forks())
        .warmupIterations(budget.warmupIterations())
        .warmupTime(TimeValue.milliseconds(Math.round(budget.warmupSeconds() * 1000)))
        .measurementIterations(budget.iterations())
        .measurementTime(TimeValue.milliseconds(Math.round(budget.seconds() * 1000)))
        .shouldFailOnError(false);
    selection.params().forEach(options::param);
    try {
      Collection<RunResult> run = new Runner(options.build()).run();
      results.addAll(run);
    } catch (NoBenchmarksException e) {
      System.out.println("[suite] no benchmark matches " + selection.include() + "; its figures stay missing");
    }
  }
}
