package org.modelrt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.modelrt.contract.Contract;
import org.modelrt.contract.DType;
import org.modelrt.contract.Field;
import org.modelrt.contract.Shape;
import org.modelrt.contract.Signature;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/** Deriving a contract from SavedModel signature defs, on meta graphs built in code (no natives). */
final class SavedModelSignaturesTest {

  private static TensorInfo dense(String tensor, DataType dtype, long... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long d : dims) {
      shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
    }
    return TensorInfo.newBuilder().setName(tensor).setDtype(dtype).setTensorShape(shape).build();
  }

  private static SignatureDef def(String in, TensorInfo input, String out, TensorInfo output) {
    return SignatureDef.newBuilder().putInputs(in, input).putOutputs(out, output).build();
  }

  @Test
  void everySignatureIsDescribedServingDefaultFirstAndInternalOnesLeftOut() throws Exception {
    MetaGraphDef graph =
        MetaGraphDef.newBuilder()
            .putSignatureDef(
                "mul", def("a", dense("a:0", DataType.DT_FLOAT, -1), "p", dense("p:0", DataType.DT_FLOAT, -1)))
            .putSignatureDef(
                "serving_default",
                SignatureDef.newBuilder()
                    .putInputs("x", dense("x:0", DataType.DT_INT64, -1, 4))
                    .putInputs("text", dense("t:0", DataType.DT_STRING))
                    .putOutputs("y", dense("y:0", DataType.DT_DOUBLE, 3))
                    .build())
            .putSignatureDef(
                "__saved_model_init_op", def("i", dense("i", DataType.DT_FLOAT), "o", dense("o", DataType.DT_FLOAT)))
            .build();
    Contract contract = SavedModelSignatures.describe(graph, "m");
    assertEquals(List.of("serving_default", "mul"), contract.signatures().stream().map(Signature::name).toList());
    Signature serving = contract.signature("serving_default").orElseThrow();
    assertEquals(
        List.of(Field.tensor("text", DType.STRING, Shape.scalar()), Field.tensor("x", DType.INT64, Shape.of(-1, 4))),
        serving.inputs());
    assertEquals(List.of(Field.tensor("y", DType.DOUBLE, Shape.of(3))), serving.outputs());
  }

  @Test
  void unknownRankIsKept() throws Exception {
    TensorInfo anyRank =
        TensorInfo.newBuilder()
            .setName("x:0")
            .setDtype(DataType.DT_FLOAT)
            .setTensorShape(TensorShapeProto.newBuilder().setUnknownRank(true))
            .build();
    MetaGraphDef graph = MetaGraphDef.newBuilder().putSignatureDef("s", def("x", anyRank, "y", anyRank)).build();
    Field x = SavedModelSignatures.describe(graph, "m").signature("s").orElseThrow().inputs().get(0);
    assertEquals(Shape.unknownRank(), x.shape());
  }

  @Test
  void shapeIsReadFromTheTensorInfoAndUnknownRankWhenItHasNone() {
    TensorInfo noShape = TensorInfo.newBuilder().setName("x:0").setDtype(DataType.DT_FLOAT).build();
    TensorInfo unknownRank =
        noShape.toBuilder().setTensorShape(TensorShapeProto.newBuilder().setUnknownRank(true)).build();
    assertEquals(Shape.unknownRank(), SavedModelSignatures.shape(noShape));
    assertEquals(Shape.unknownRank(), SavedModelSignatures.shape(unknownRank));
    assertEquals(Shape.scalar(), SavedModelSignatures.shape(dense("x:0", DataType.DT_FLOAT)));
    assertEquals(Shape.of(-1, 4), SavedModelSignatures.shape(dense("x:0", DataType.DT_FLOAT, -1, 4)));
  }

  @Test
  void signatureDefWithoutShapesTakesAContractOfAnyRank() throws Exception {
    TensorInfo noShape = TensorInfo.newBuilder().setName("x:0").setDtype(DataType.DT_FLOAT).build();
    MetaGraphDef graph =
        MetaGraphDef.newBuilder().putSignatureDef("serving_default", def("x", noShape, "y", noShape)).build();
    Contract described = SavedModelSignatures.describe(graph, "m");
    Signature own = described.signature("serving_default").orElseThrow();
    assertEquals(List.of(Field.tensor("x", DType.FLOAT, Shape.unknownRank())), own.inputs());
    Contract given =
        new Contract(
            "",
            List.of(
                new Signature(
                    "serving_default",
                    List.of(Field.tensor("x", DType.FLOAT, Shape.of(-1, 4))),
                    List.of(Field.tensor("y", DType.FLOAT, Shape.of(-1, 3))))));
    assertEquals(List.of(), ContractCheck.mismatches(EngineKind.TENSORFLOW, given, Optional.of(described)));
  }

  @Test
  void signatureWithASparseTensorIsLeftOutAndNoneLeftIsAnError() {
    TensorInfo sparse =
        TensorInfo.newBuilder()
            .setCooSparse(TensorInfo.CooSparse.newBuilder().setValuesTensorName("v"))
            .setDtype(DataType.DT_FLOAT)
            .build();
    MetaGraphDef graph =
        MetaGraphDef.newBuilder()
            .putSignatureDef("sparse", def("x", sparse, "y", dense("y:0", DataType.DT_FLOAT, 1)))
            .build();
    ModelLoadException e = assertThrows(ModelLoadException.class, () -> SavedModelSignatures.describe(graph, "m"));
    assertTrue(e.getMessage().contains("has no signature that can be served (skipped: [sparse]"), e.getMessage());
  }
}
