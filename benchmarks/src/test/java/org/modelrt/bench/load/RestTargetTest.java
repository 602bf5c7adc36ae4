package org.modelrt.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RestTargetTest {
  @Test
  void answersAreGoodOnlyAsAJsonObjectWithOutputsOrPredictions() {
    assertNull(RestTarget.problem(utf8("{\"outputs\": [[1.5, 2.0]]}")));
    assertNull(RestTarget.problem(utf8("{\"predictions\": [2.5, 3.0]}")));
    assertEquals("the answer has no \"outputs\" (nor \"predictions\")", RestTarget.problem(utf8("{\"error\": \"x\"}")));
    assertTrue(RestTarget.problem(utf8("[1]")).startsWith("the answer is not a JSON object"));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void theBodyIsTfServingsColumnarForm_fromTheSameTensorsAsGrpc() throws Exception {
    RequestSpec spec = RequestSpecs.fromJson(Path.of("../test-models/pt_linear/expected.json"), 0, false);

    assertEquals("{\"signature_name\": \"serving_default\", \"inputs\": {\"x\": [[1.0, 2.0, 3.0, 4.0]]}}",
        RestTarget.body(spec));
  }

  @Test
  void contentEncodingIsRefused() throws Exception {
    RequestSpec spec = RequestSpecs.fromJson(Path.of("../test-models/pt_linear/expected.json"), 0, true);

    assertThrows(IllegalArgumentException.class, () -> RestTarget.body(spec));
  }
}
