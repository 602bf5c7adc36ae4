package org.modelrt.bench.load;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.modelrt.contract.DType;
import org.modelrt.contract.Field;
import org.modelrt.contract.Shape;
import org.modelrt.contract.Signature;
import org.modelrt.wire.tensor.TensorShapeProto;
import org.modelrt.wire.tfserving.GetModelMetadataRequest;
import org.modelrt.wire.tfserving.ModelSpec;
import org.modelrt.wire.tfserving.SignatureDef;
import org.modelrt.wire.tfserving.SignatureDefMap;
import org.modelrt.wire.tfserving.TensorInfo;
import org.modelrt.wire.tfserving.service.PredictionServiceGrpc;

/**
 * A signature of the served model's contract, asked of the server with TF Serving's {@code GetModelMetadata}
 * ({@code signature_def}), which modelrt and TF Serving both answer. Stateless.
 */
final class MetadataSignature {
  private static final String SIGNATURE_DEF = "signature_def";

  private MetadataSignature() {}

  /**
   * @param signature the signature name; empty for {@code serving_default}, else the only one there is
   * @throws IllegalArgumentException when the server has no such signature or a dtype the contract model lacks
   */
  static Signature fetch(Channel channel, String modelName, String signature) throws InvalidProtocolBufferException {
    Any any = PredictionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
        .getModelMetadata(GetModelMetadataRequest.newBuilder()
            .setModelSpec(ModelSpec.newBuilder().setName(modelName))
            .addMetadataField(SIGNATURE_DEF).build())
        .getMetadataOrThrow(SIGNATURE_DEF);
    Map<String, SignatureDef> defs = any.unpack(SignatureDefMap.class).getSignatureDefMap();
    String name = pick(defs, signature);
    SignatureDef def = defs.get(name);
    return new Signature(name, fields(def.getInputsMap()), fields(def.getOutputsMap()));
  }

  private static String pick(Map<String, SignatureDef> defs, String requested) {
    if (!requested.isEmpty() && defs.containsKey(requested)) {
      return requested;
    }
    if (requested.isEmpty() && defs.containsKey("serving_default")) {
      return "serving_default";
    }
    if (requested.isEmpty() && defs.size() == 1) {
      return defs.keySet().iterator().next();
    }
    throw new IllegalArgumentException("the server's metadata has signatures " + defs.keySet() + ", not '"
        + (requested.isEmpty() ? "serving_default" : requested) + "'");
  }

  private static List<Field> fields(Map<String, TensorInfo> infos) {
    List<Field> fields = new ArrayList<>();
    infos.forEach((name, info) -> {
      DType dtype = DType.forWireNumber(info.getDtypeValue()).orElseThrow(() -> new IllegalArgumentException(
          "field '" + name + "' has dtype number " + info.getDtypeValue() + ", which the load generator lacks"));
      fields.add(Field.tensor(name, dtype, shape(info.getTensorShape())));
    });
    return fields;
  }

  private static Shape shape(TensorShapeProto proto) {
    if (proto.getUnknownRank()) {
      return Shape.unknownRank();
    }
    return Shape.of(proto.getDimList().stream().mapToLong(TensorShapeProto.Dim::getSize).toArray());
  }
}
