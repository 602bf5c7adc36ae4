package org.modelrt.bench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MarkdownReportTest {

  @Test
  void refreshingTheAnalysisKeepsEveryMeasuredSectionAndReplacesOnlyTheAnalysis() {
    String report = "# modelrt benchmarks\n\n## Targets\n\n| a | b |\n\n## Analysis\n\nold words\nmore old words\n";
    assertEquals("# modelrt benchmarks\n\n## Targets\n\n| a | b |\n\n## Analysis\n\nnew words\n",
        MarkdownReport.withAnalysis(report, "\nnew words\n\n"));
  }

  @Test
  void aReportWithoutAnAnalysisSectionIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> MarkdownReport.withAnalysis("# modelrt benchmarks\n", "x"));
  }

  @Test
  void ratesUseTheUnitThatFits() {
    assertEquals("1.85 GB/s", CodecTables.bytesRate(1.85e9));
    assertEquals("219 MB/s", CodecTables.bytesRate(2.19e8));
    assertEquals("858 kB/s", CodecTables.bytesRate(8.58e5));
  }
}
