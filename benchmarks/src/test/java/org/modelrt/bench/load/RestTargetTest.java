package org.modelrt.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RestTargetTest {
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
