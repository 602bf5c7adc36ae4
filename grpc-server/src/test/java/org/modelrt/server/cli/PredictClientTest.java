package org.modelrt.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelrt.server.testing.FakeModel;
import org.modelrt.server.testing.ServerHarness;

/** The predict client against a runtime over loopback, from flags and from request files. */
final class PredictClientTest {
  @AutoClose
  private static final ServerHarness server = ServerHarness.netty(new FakeModel());

  @TempDir
  Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--addr";
    all[1] = server.address();
    System.arraycopy(args, 0, all, 2, args.length);
    return PredictClient.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void flags_sendOneRequest_andPrintEachOutput() {
    assertEquals(0, run("--input", "x=1,2,3,4", "--shape", "x=1,4"), err());

    assertTrue(out().contains("doubled DT_FLOAT [1, 4] = [2.0, 4.0, 6.0, 8.0]"), out());
    assertTrue(out().contains("negated DT_FLOAT [1, 4] = [-1.0, -2.0, -3.0, -4.0]"), out());
  }

  @Test
  void g3WithContent_andANamedSignatureOverG2() {
    assertEquals(0, run("--api", "g3", "--content", "--input", "x=0.5,0,0,1", "--shape", "x=1,4"), err());
    assertTrue(out().contains("doubled DT_FLOAT [1, 4] = [1.0, 0.0, 0.0, 2.0]"), out());

    assertEquals(0, run("--signature", "identity_int8", "--input", "v=-128,127", "--dtype", "v=DT_INT8"), err());
    assertTrue(out().contains("v DT_INT8 [2] = [-128, 127]"), out());
  }

  @Test
  void aRequestFile_withCheck_passesWhenTheOutputsMatch_andFailsWhenTheyDoNot() throws IOException {
    Path good = write("good.json", "2.0, 4.0, 6.0, 8.0000001");
    Path bad = write("bad.json", "2.0, 4.0, 6.0, 9.0");

    assertEquals(0, run("--request", good.toString(), "--check"), err());
    assertTrue(out().contains("check: ok"), out());
    assertEquals(1, run("--request", bad.toString(), "--check"));
    assertTrue(out().contains("check: MISMATCH") && out().contains("doubled[3]: 8.0, expected 9.0"), out());
  }

  @Test
  void aRefusedCall_exitsOne_withTheStatus() {
    assertEquals(1, run("--input", "x=1,2,3", "--shape", "x=1,3"));
    assertTrue(err().contains("INVALID_ARGUMENT"), err());
  }

  @Test
  void badFlags_exitTwo() {
    assertEquals(2, run("--api", "g9", "--input", "x=1"));
    assertEquals(2, run());
    assertEquals(2, run("--input", "x=1", "--shape", "y=1"));
  }

  private Path write(String name, String doubled) throws IOException {
    String json = """
        {"signature": "predict", "tolerance": 1e-5, "cases": [
          {"inputs": {"x": {"dtype": "DT_FLOAT", "shape": [1, 4], "values": [1, 2, 3, 4]}},
           "outputs": {"doubled": {"dtype": "DT_FLOAT", "shape": [1, 4], "values": [%s]},
                       "negated": {"dtype": "DT_FLOAT", "shape": [1, 4], "values": [-1, -2, -3, -4]}}}]}
        """.formatted(doubled);
    return Files.writeString(dir.resolve(name), json);
  }
}
