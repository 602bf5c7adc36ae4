package org.modelrt.serving.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.modelrt.contract.DType;
import org.modelrt.contract.InvalidRequestException;

/** The one v2 datatype table, its explicit gaps, and the BYTES raw layout. */
final class V2DataTypeTest {
  @Test
  void everyV2Datatype_mapsToOneDType_andBack() {
    for (V2DataType t : V2DataType.values()) {
      assertEquals(Optional.of(t), V2DataType.of(t.dtype()), t.name());
      assertEquals(t, V2DataType.parse("x", t.name()));
    }
    assertEquals(V2DataType.FP32, V2DataType.of(DType.FLOAT).orElseThrow());
    assertEquals(V2DataType.BYTES, V2DataType.of(DType.STRING).orElseThrow());
  }

  @Test
  void typesV2HasNoDatatypeFor_areEmpty_andFp16HasNoTypedForm() {
    for (DType d : List.of(DType.COMPLEX64, DType.COMPLEX128, DType.QINT8, DType.RESOURCE, DType.VARIANT, DType.MAP)) {
      assertEquals(Optional.empty(), V2DataType.of(d), d.name());
    }
    assertTrue(!V2DataType.FP16.hasTypedForm() && !V2DataType.BF16.hasTypedForm());
    assertThrows(InvalidRequestException.class, () -> V2DataType.parse("x", "fp32"));
  }

  @Test
  void coreMessages_readInV2Terms() {
    assertEquals("input 'x': expected datatype FP32, received INT64",
        V2DataType.inV2Terms("input 'x': expected dtype DT_FLOAT, received DT_INT64"));
    assertEquals("DT_COMPLEX64 stays", V2DataType.inV2Terms("DT_COMPLEX64 stays"));
  }

  @Test
  void bytesLayout_isALittleEndianLengthBeforeEachElement() {
    ByteString raw = V2Bytes.join(List.of(ByteString.copyFromUtf8("ab"), ByteString.EMPTY));

    assertEquals(ByteString.copyFrom(new byte[] {2, 0, 0, 0, 'a', 'b', 0, 0, 0, 0}), raw);
    assertEquals(List.of(ByteString.copyFromUtf8("ab"), ByteString.EMPTY), V2Bytes.split("t", raw, 2));
    assertTrue(assertThrows(InvalidRequestException.class, () -> V2Bytes.split("t", raw, 3)).getMessage()
        .contains("the shape has 3 elements, the BYTES data holds 2"));
    assertTrue(assertThrows(InvalidRequestException.class, () -> V2Bytes.split("t", raw.substring(0, 3), 1))
        .getMessage().contains("needs a 4-byte length prefix, received 3 bytes"));
  }
}
