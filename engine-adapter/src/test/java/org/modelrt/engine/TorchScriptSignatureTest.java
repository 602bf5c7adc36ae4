package org.modelrt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.modelrt.contract.DType;
import org.modelrt.contract.Field;
import org.modelrt.contract.Shape;
import org.modelrt.contract.Signature;

/** Reading the signature.json extra file of a TorchScript archive. */
final class TorchScriptSignatureTest {

  @Test
  void fieldsKeepTheirOrderDtypeAndShape() throws Exception {
    Signature s =
        TorchScriptSignature.parse(
            "{\"inputs\":[{\"name\":\"x\",\"dtype\":\"DT_FLOAT\",\"shape\":[-1,4]},"
                + "{\"name\":\"ids\",\"dtype\":\"DT_INT64\"}],"
                + "\"outputs\":[{\"name\":\"y\",\"dtype\":\"DT_DOUBLE\",\"shape\":[]}]}",
            "test");
    assertEquals("serving_default", s.name());
    assertEquals(
        List.of(Field.tensor("x", DType.FLOAT, Shape.of(-1, 4)), Field.tensor("ids", DType.INT64, Shape.unknownRank())),
        s.inputs());
    assertEquals(List.of(Field.tensor("y", DType.DOUBLE, Shape.scalar())), s.outputs());
  }

  @Test
  void nameInTheFileNamesTheSignature() throws Exception {
    Signature s = TorchScriptSignature.parse("{\"name\":\"predict\",\"inputs\":[],\"outputs\":[]}", "test");
    assertEquals("predict", s.name());
  }

  @Test
  void unknownDtypeIsNamedWithTheExpectedForm() {
    ModelLoadException e =
        assertThrows(
            ModelLoadException.class,
            () -> TorchScriptSignature.parse(
                "{\"inputs\":[{\"name\":\"x\",\"dtype\":\"float32\"}],\"outputs\":[]}", "signature.json in m.pt"));
    assertTrue(e.getMessage().startsWith("signature.json in m.pt is not a valid signature: unknown dtype 'float32'"),
        e.getMessage());
    assertTrue(e.getMessage().contains(TorchScriptSignature.FORMAT), e.getMessage());
  }

  @Test
  void missingListsAndNamesAreReported() {
    ModelLoadException noOutputs =
        assertThrows(ModelLoadException.class, () -> TorchScriptSignature.parse("{\"inputs\":[]}", "s"));
    assertTrue(noOutputs.getMessage().contains("'outputs' is missing or not a list"), noOutputs.getMessage());
    ModelLoadException noName =
        assertThrows(
            ModelLoadException.class,
            () -> TorchScriptSignature.parse("{\"inputs\":[{\"dtype\":\"DT_FLOAT\"}],\"outputs\":[]}", "s"));
    assertTrue(noName.getMessage().contains("inputs has no 'name'"), noName.getMessage());
    assertThrows(ModelLoadException.class, () -> TorchScriptSignature.parse("not json {", "s"));
  }
}
