package org.modelrt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.modelrt.server.testing.ChildRuntime;

/**
 * What a user gets wrong, run as a user would (the real Main in a child JVM): exit status 2 and exactly one line,
 * which names the thing and says what to do; no stack trace.
 */
final class UserMistakesTest {
  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "missing model directory | --model-dir,MISSING | does not exist; mount the model there or point MODEL_DIR",
      "empty model directory   | --model-dir,EMPTY   | found an empty directory; mount the model there",
      "port not a number       | --port,ninety       | --port",
      "unknown flag            | --no-such-flag      | Unknown option: '--no-such-flag' (modelrt --help lists every flag)",
      "bad log format          | --log-format,xml    | --log-format must be text or json, got 'xml'",
      "missing model config    | --model_config_file,MISSING | MISSING",
      "unwritable access log   | --access-log,/proc/no/such/file | --access-log /proc/no/such/file: cannot write"})
  void exitsTwoWithOneLineNamingIt(String mistake, String flags, String says) throws Exception {
    String missing = dir.resolve("nothing-here").toString();
    String[] args = flags.replace("MISSING", missing).replace("EMPTY", dir.toString()).split(",");
    try (ChildRuntime runtime = ChildRuntime.startMain(List.of("MODEL_DIR", "MODEL_NAME"), dir, args)) {
      int status = runtime.awaitExit();
      List<String> lines = runtime.lines();
      assertEquals(2, status, mistake + ": " + runtime.output());
      assertEquals(1, lines.size(), mistake + ": " + runtime.output());
      assertTrue(lines.get(0).startsWith("modelrt: "), lines.get(0));
      assertTrue(lines.get(0).contains(says.replace("MISSING", missing)), lines.get(0));
    }
  }
}
