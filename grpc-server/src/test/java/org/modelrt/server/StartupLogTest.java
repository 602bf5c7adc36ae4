package org.modelrt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.modelrt.fixtures.TestModels;
import org.modelrt.server.testing.ChildRuntime;

/**
 * A clean start of each engine's test model, in a child JVM with the real Main and engines on this CPU-only machine,
 * and without TF_CPP_MIN_LOG_LEVEL: every line is one of the runtime's own log lines (none of TensorFlow's native
 * ones), none is WARN or ERROR (no CUDA probe warnings), and the load is one INFO line with name, version, engine,
 * device, signatures and times.
 */
final class StartupLogTest {
  private static final Pattern TEXT_LINE =
      Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) \\[[^]]+] (TRACE|DEBUG|INFO|WARN|ERROR) \\S+ - .*");

  @TempDir
  Path workDir;

  private List<String> cleanRun(String model, String... extra) throws Exception {
    String[] args = new String[4 + extra.length];
    System.arraycopy(new String[] {"--model-dir", TestModels.dir(model).toString(), "--port", "0"}, 0, args, 0, 4);
    System.arraycopy(extra, 0, args, 4, extra.length);
    try (ChildRuntime runtime = ChildRuntime.startMain(List.of("TF_CPP_MIN_LOG_LEVEL"), workDir, args)) {
      runtime.awaitLine("Health is SERVING");
      runtime.terminate();
      assertEquals(0, runtime.awaitExit(), runtime.output());
      return runtime.lines();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"tf_linear", "pt_linear", "onnx_linear"})
  void aCleanStartLogsNoWarningAndOneLineForTheLoad(String model) throws Exception {
    List<String> lines = cleanRun(model);
    String all = String.join("\n", lines);
    for (String line : lines) {
      assertTrue(TEXT_LINE.matcher(line).matches(), "not one of the runtime's log lines: '" + line + "' in\n" + all);
      assertTrue(!line.contains(" WARN ") && !line.contains(" ERROR "), "warning or error: " + line);
      assertTrue(line.matches(".* INFO (ModelRuntime|VersionManager|ShutdownSignals|RuntimeServer) - .*"),
          "a line an operator does not need: " + line);
    }
    List<String> loaded = lines.stream().filter(l -> l.contains("Loaded model 'default' version 1: ")).toList();
    assertEquals(1, loaded.size(), all);
    assertTrue(loaded.get(0).matches(".* INFO VersionManager - Loaded model 'default' version 1: \\S+ on cpu\\(\\)"
        + " from .*, signatures \\[serving_default], in \\d+ ms \\(warmup \\d+ ms\\)"), loaded.get(0));
  }

  @Test
  void jsonFormat_isOneObjectPerLine() throws Exception {
    List<String> lines = cleanRun("onnx_linear", "--log-format", "json");
    for (String line : lines) {
      JsonObject o = JsonParser.parseString(line).getAsJsonObject();
      assertTrue(o.has("level") && o.has("loggerName") && o.has("formattedMessage") && o.has("timestamp"), line);
      assertEquals("INFO", o.get("level").getAsString(), line);
    }
    assertTrue(lines.stream().anyMatch(l -> l.contains("Loaded model 'default' version 1")), String.join("\n", lines));
  }
}
