package org.modelrt.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.modelrt.contract.DType;
import org.modelrt.contract.Field;
import org.modelrt.contract.Shape;
import org.modelrt.contract.Signature;

/**
 * Found by RestBodyFuzzTest: a body whose first bytes make Jackson guess UTF-32 (or an odd UCS-4 byte order) failed
 * in Jackson's decoder with an I/O error the front answered 500 "internal error". It is the caller's body: 400.
 */
final class BodyEncodingTest {
  private static final Signature ONE = new Signature("s", List.of(Field.tensor("x", DType.FLOAT, Shape.of(-1))),
      List.of(Field.tensor("y", DType.FLOAT, Shape.of(-1))));

  @Test
  void aBodyJacksonTakesForUcs4_isAnswered400_notUTF8() throws Exception {
    byte[] ucs4; // starts 00 00 65 00: Jackson's "UCS-4 endianness 2143"
    try (var in = getClass().getResourceAsStream("RestBodyFuzzTestInputs/predict/crash-ucs4-endianness")) {
      ucs4 = in.readAllBytes();
    }
    Throwable failure = assertThrows(Throwable.class, () -> PredictBody.read(Unpooled.wrappedBuffer(ucs4), n -> ONE));

    Answer answer = RestService.error(failure, "REST predict", UnpooledByteBufAllocator.DEFAULT);
    String body = new String(ByteBufUtil.getBytes(answer.body()), StandardCharsets.UTF_8);
    answer.body().release();

    assertEquals(400, answer.status(), body);
    assertEquals("{\"error\": \"JSON Parse error: the body is not UTF-8 JSON text\"}", body);
  }

  /** Found by RestBodyFuzzTest: a body of white space only made the message builder throw (a 500). */
  @Test
  void aBlankBody_isAnswered400() {
    Throwable failure = assertThrows(Throwable.class,
        () -> PredictBody.read(Unpooled.wrappedBuffer(" \n ".getBytes(StandardCharsets.UTF_8)), n -> ONE));

    Answer answer = RestService.error(failure, "REST predict", UnpooledByteBufAllocator.DEFAULT);
    String body = new String(ByteBufUtil.getBytes(answer.body()), StandardCharsets.UTF_8);
    answer.body().release();

    assertEquals(400, answer.status(), body);
    assertEquals("{\"error\": \"JSON Value: (end of the body) Is not object\"}", body);
  }
}
