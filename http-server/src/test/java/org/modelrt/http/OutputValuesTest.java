package org.modelrt.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.modelrt.wire.tensor.DataType;
import org.modelrt.wire.tensor.TensorProto;
import org.modelrt.wire.tensor.TensorShapeProto;

/** Output tensors as TF Serving's JSON: _bytes outputs as b64, unsigned and 64-bit integers exact, tensor_content. */
final class OutputValuesTest {
  private static TensorProto.Builder tensor(DataType dtype, long... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long d : dims) {
      shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
    }
    return TensorProto.newBuilder().setDtype(dtype).setTensorShape(shape);
  }

  private static String json(Map<String, TensorProto> outputs, boolean columnar) throws Exception {
    ByteBuf out = Unpooled.buffer();
    try (var g = JsonBodies.generator(out)) {
      PredictAnswer.write(g, outputs, columnar);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void anOutputNamedBytes_isBase64_otherStringsAreText() throws Exception {
    Map<String, TensorProto> outputs = new LinkedHashMap<>();
    outputs.put("image_bytes", tensor(DataType.DT_STRING, 1).addStringVal(ByteString.copyFromUtf8("hi")).build());
    outputs.put("label", tensor(DataType.DT_STRING, 1).addStringVal(ByteString.copyFromUtf8("cat")).build());

    assertEquals("{\"predictions\": [{\"image_bytes\": {\"b64\": \"aGk=\"}, \"label\": \"cat\"}]}",
        json(outputs, false));
  }

  @Test
  void integers_areWrittenExactly() throws Exception {
    Map<String, TensorProto> outputs = new LinkedHashMap<>();
    outputs.put("big", tensor(DataType.DT_INT64, 2).addInt64Val(Long.MAX_VALUE).addInt64Val(-3).build());
    outputs.put("u32", tensor(DataType.DT_UINT32, 2).addUint32Val(-1).addUint32Val(7).build());
    outputs.put("u64", tensor(DataType.DT_UINT64, 2).addUint64Val(-1L).addUint64Val(0).build());

    assertEquals("{\"outputs\": {\"big\": [9223372036854775807, -3], \"u32\": [4294967295, 7],"
        + " \"u64\": [18446744073709551615, 0]}}", json(outputs, true));
  }

  @Test
  void tensorContent_isReadLittleEndian_likeTheTypedFields() throws Exception {
    ByteBuffer content = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.5f).putFloat(3f)
        .putFloat(Float.NaN);
    TensorProto y = tensor(DataType.DT_FLOAT, 3, 1).setTensorContent(ByteString.copyFrom(content.array())).build();

    assertEquals("{\"predictions\": [[0.5], [3.0], [NaN]]}", json(Map.of("y", y), false));
  }

  @Test
  void aScalarOutput_cannotBeARow_butIsAColumn() throws Exception {
    TensorProto scalar = tensor(DataType.DT_DOUBLE).addDoubleVal(0.1).build();

    assertEquals("{\"outputs\": 0.1}", json(Map.of("s", scalar), true));
    org.junit.jupiter.api.Assertions.assertThrows(org.modelrt.serving.ServingException.class,
        () -> json(Map.of("s", scalar), false));
  }
}
