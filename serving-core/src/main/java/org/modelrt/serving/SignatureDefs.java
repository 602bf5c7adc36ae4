package org.modelrt.serving;

import org.modelrt.contract.Contract;
import org.modelrt.contract.Field;
import org.modelrt.contract.Shape;
import org.modelrt.contract.Signature;
import org.modelrt.wire.tensor.TensorShapeProto;
import org.modelrt.wire.tfserving.SignatureDef;
import org.modelrt.wire.tfserving.SignatureDefMap;
import org.modelrt.wire.tfserving.TensorInfo;

/**
 * A contract as TF Serving's {@code SignatureDefMap}, the {@code signature_def} entry of GetModelMetadata: one
 * SignatureDef per signature, each field a TensorInfo named after the field, with -1 for any size and
 * {@code unknown_rank} for an open shape, the method name the model declares (else predict's). Stateless.
 */
public final class SignatureDefs {
  /** The method name TF Serving gives predict signatures. */
  static final String PREDICT_METHOD = "tensorflow/serving/predict";

  private SignatureDefs() {}

  public static SignatureDefMap of(Contract contract) {
    SignatureDefMap.Builder map = SignatureDefMap.newBuilder();
    for (Signature signature : contract.signatures()) {
      // the model's own method name where it has one (a classify signature is not a predict one)
      SignatureDef.Builder def = SignatureDef.newBuilder()
          .setMethodName(signature.methodName().isEmpty() ? PREDICT_METHOD : signature.methodName());
      signature.inputs().forEach(f -> def.putInputs(f.name(), tensorInfo(f)));
      signature.outputs().forEach(f -> def.putOutputs(f.name(), tensorInfo(f)));
      map.putSignatureDef(signature.name(), def.build());
    }
    return map.build();
  }

  private static TensorInfo tensorInfo(Field field) {
    return TensorInfo.newBuilder()
        .setName(field.name())
        .setDtypeValue(field.dtype().wireNumber())
        .setTensorShape(shape(field.shape()))
        .build();
  }

  private static TensorShapeProto shape(Shape shape) {
    TensorShapeProto.Builder proto = TensorShapeProto.newBuilder();
    if (!shape.hasKnownRank()) {
      return proto.setUnknownRank(true).build();
    }
    for (long d : shape.dims()) {
      proto.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
    }
    return proto.build();
  }
}
