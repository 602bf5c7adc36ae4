package org.modelrt.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProcessMemoryTest {

  @Test
  void readsTheVmRssLineOfALiveProcess() throws Exception {
    long pid = ProcessHandle.current().pid();
    OptionalLong rss = ProcessMemory.rssKib(pid);
    // Independent reading of the same file: the JVM's RSS only grows by a few MiB between the two reads.
    String line = Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(l -> l.startsWith("VmRSS:")).findFirst().orElseThrow();
    long direct = Long.parseLong(line.replaceAll("[^0-9]", ""));
    assertTrue(rss.isPresent());
    assertTrue(Math.abs(rss.getAsLong() - direct) < 64 * 1024, rss + " vs " + direct);
  }

  @Test
  void aProcessThatIsGoneHasNoRss() {
    assertEquals(OptionalLong.empty(), ProcessMemory.rssKib(Integer.MAX_VALUE));
  }
}
