package org.modelrt.bench.suite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.modelrt.bench.fixture.TestModels;
import org.modelrt.bench.load.RequestSpec;
import org.modelrt.bench.load.RequestSpecs;
import org.modelrt.bench.load.Sweep;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The standard suite behind {@code benchmarks/run-suite.sh}: the JMH benchmarks with a bounded budget, then the load
 * generator against the echo baseline and the packaged runtime (each in its own JVM), then each engine's start time
 * and memory (a fresh runtime per engine), then {@code docs/benchmarks.md}.
 * Runs from the repository root after {@code mvn package}.
 */
@Command(name = "standard-suite", mixinStandardHelpOptions = true,
    description = "Runs the standard benchmark suite and writes docs/benchmarks.md.")
public final class StandardSuite implements Callable<Integer> {
  /** Long warmup: on 2 busy cores C2 is still compiling the runtime's path 15 s in (seen with perf). */
  static final JmhStage.Budget LATENCY = new JmhStage.Budget(1, 6, 2, 5, 2);
  static final JmhStage.Budget THROUGHPUT = new JmhStage.Budget(1, 2, 0.5, 5, 0.5);
  private static final String[] NUMERIC = {"FLOAT", "DOUBLE", "INT32", "INT64", "BOOL"};
  private static final String[] SIZES = {"1", "1024", "1048576"};

  @Option(names = "--out", defaultValue = "docs/benchmarks.md", description = "The report; default ${DEFAULT-VALUE}.")
  Path out;

  @Option(names = "--commit", defaultValue = "unknown", description = "The commit measured, for the report.")
  String commit;

  @Option(names = "--skip-jmh", description = "Only the load stage (for trying the suite out).")
  boolean skipJmh;

  @Option(names = "--skip-load", description = "Only the JMH stage (for trying the suite out).")
  boolean skipLoad;

  @Option(names = "--refresh-analysis", description = "Measure nothing: replace the Analysis section of the"
      + " existing report with benchmarks/analysis.md (after profiling the run the report holds).")
  boolean refreshAnalysis;

  @Option(names = "--long-run-calls", defaultValue = "1000000", description = "Calls of the RSS run; default"
      + " ${DEFAULT-VALUE}.")
  long longRunCalls;

  @Option(names = "--footprint-calls", defaultValue = "100000", description = "Calls per engine of the footprint"
      + " stage (start to SERVING, RSS); 0 skips it; default ${DEFAULT-VALUE}.")
  long footprintCalls;

  public static void main(String[] args) {
    System.exit(new CommandLine(new StandardSuite()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path repo = TestModels.root();
    if (refreshAnalysis) {
      Path report = repo.resolve(out);
      Files.writeString(report, MarkdownReport.withAnalysis(Files.readString(report), analysis(repo)));
      System.out.println("[suite] refreshed the analysis of " + report);
      return 0;
    }
    Path work = Files.createDirectories(repo.resolve("benchmarks/target/suite"));
    JmhStage jmh = new JmhStage();
    List<String> loadAverages = new java.util.ArrayList<>(List.of("start " + LoadAverage.read()));
    if (!skipJmh) {
      runJmh(jmh);
    }
    loadAverages.add("after JMH " + LoadAverage.read());
    Optional<LoadStage.Outcome> echo = Optional.empty();
    Optional<LoadStage.Outcome> runtime = Optional.empty();
    if (!skipLoad) {
      LoadStage load = new LoadStage(new Sweep(List.of(1, 4, 16, 64), Duration.ofSeconds(5), Duration.ofSeconds(10), 0),
          new Sweep(List.of(16), Duration.ofSeconds(10), Duration.ZERO, longRunCalls), work);
      RequestSpec spec = RequestSpecs.fromJson(TestModels.expectedJson("pt_linear"), 0, false);
      echo = measured("echo", () -> ServerProcess.echo(repo, LoadStage.SERVER_JVM_FLAGS, work.resolve("echo.log")),
          load, spec);
      runtime = measured("modelrt", () -> ServerProcess.runtime(repo, TestModels.dir("pt_linear"),
          LoadStage.SERVER_JVM_FLAGS, work.resolve("modelrt.log")), load, spec);
    }
    List<FootprintStage.Footprint> footprints = footprintCalls > 0
        ? new FootprintStage(repo, work, footprintCalls).measureAll() : List.of();
    loadAverages.add("end " + LoadAverage.read());
    SuiteResults results = new SuiteResults(MachineInfo.detect(repo, commit, loadAverages), LATENCY, THROUGHPUT,
        new Figures(jmh.results()), runtime.map(LoadStage.Outcome::sweep), echo.map(LoadStage.Outcome::sweep),
        runtime.map(LoadStage.Outcome::longRun), echo.map(LoadStage.Outcome::longRun), footprints, analysis(repo));
    Path report = repo.resolve(out);
    Files.writeString(report, MarkdownReport.write(results));
    System.out.println("[suite] wrote " + report);
    return 0;
  }

  private static void runJmh(JmhStage jmh) throws Exception {
    jmh.run(select("MemoryCopyBenchmark\\.copy$", Map.of()), THROUGHPUT);
    jmh.run(select("CodecDecodeBenchmark\\.decode$", codec(NUMERIC, "TYPED", "CONTENT")), THROUGHPUT);
    jmh.run(select("CodecDecodeBenchmark\\.decode$", codec(new String[] {"STRING"}, "TYPED")), THROUGHPUT);
    jmh.run(select("CodecDecodeBenchmark\\.parseAndDecode$", codec(new String[] {"FLOAT"}, "TYPED", "CONTENT")),
        THROUGHPUT);
    jmh.run(select("CodecEncodeBenchmark\\.encode$", codec(NUMERIC, "TYPED", "CONTENT")), THROUGHPUT);
    jmh.run(select("CodecEncodeBenchmark\\.encode$", codec(new String[] {"STRING"}, "TYPED")), THROUGHPUT);
    jmh.run(select("EngineBenchmark\\.predict$", Map.of()), LATENCY);
    jmh.run(select("EndToEndBenchmark\\.predict$", Map.of()), LATENCY);
  }

  /** A server's load figures, or none (said on stdout) when it could not be started or driven. */
  private static Optional<LoadStage.Outcome> measured(String label, Callable<ServerProcess> start, LoadStage load,
      RequestSpec spec) throws InterruptedException {
    try (ServerProcess server = start.call()) {
      return Optional.of(load.measure(server, spec, label));
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      System.out.println("[suite] " + label + ": no load figures: " + e);
      return Optional.empty();
    }
  }

  private static JmhStage.Selection select(String include, Map<String, String[]> params) {
    return new JmhStage.Selection(include, params);
  }

  private static Map<String, String[]> codec(String[] dtypes, String... encodings) {
    return Map.of("dtype", dtypes, "encoding", encodings, "elements", SIZES);
  }

  private static String analysis(Path repo) throws java.io.IOException {
    Path file = repo.resolve("benchmarks/analysis.md");
    return Files.exists(file) ? Files.readString(file) : "No analysis written yet (`benchmarks/analysis.md`).";
  }
}
