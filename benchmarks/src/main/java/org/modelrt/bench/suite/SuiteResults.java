package org.modelrt.bench.suite;

import java.util.List;
import java.util.Optional;
import org.modelrt.bench.load.SweepReport;

/**
 * Everything one run of the standard suite measured, for {@link MarkdownReport}.
 *
 * @param machine where and with what
 * @param latencyBudget the JMH settings of the sample-time (latency) benchmarks
 * @param throughputBudget the JMH settings of the throughput (codec, memory copy) benchmarks
 * @param jmh the JMH results
 * @param runtimeSweep the load generator's sweep against the packaged runtime; empty when it could not run
 * @param echoSweep the same sweep against the echo baseline process
 * @param rssRun the long run against the runtime for the RSS check
 * @param rssEchoRun the same long run against the echo baseline (same JVM flags): its RSS drift is the floor
 * @param footprints per engine, start to SERVING and RSS over a fixed number of calls (empty when not run)
 * @param analysis the hand-written analysis kept in {@code benchmarks/analysis.md}, included verbatim
 */
record SuiteResults(MachineInfo machine, JmhStage.Budget latencyBudget, JmhStage.Budget throughputBudget,
    Figures jmh, Optional<SweepReport> runtimeSweep,
    Optional<SweepReport> echoSweep, Optional<SweepReport> rssRun, Optional<SweepReport> rssEchoRun,
    List<FootprintStage.Footprint> footprints, String analysis) {}
