package org.modelrt.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.modelrt.contract.Contract;
import org.modelrt.contract.DType;
import org.modelrt.contract.Field;
import org.modelrt.contract.Shape;
import org.modelrt.contract.Signature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * The contract a SavedModel describes: one signature per signature def, {@code serving_default} first and the others
 * by key, fields by key (a signature def's maps have no order), dtypes and shapes as the model declares them.
 *
 * <p>Internal signatures ({@code __saved_model_init_op}) are left out, and so, with a warning, are signatures that
 * cannot be served: sparse or composite tensors, or a dtype with no wire number. Stateless.
 */
final class SavedModelSignatures {
  private static final Logger LOG = LoggerFactory.getLogger(SavedModelSignatures.class);

  private SavedModelSignatures() {}

  /**
   * The contract of the meta graph.
   *
   * @param source the SavedModel's directory, for messages
   * @throws ModelLoadException when no signature can be served
   */
  static Contract describe(MetaGraphDef metaGraph, String source) throws ModelLoadException {
    List<Signature> signatures = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    Map<String, SignatureDef> defs = metaGraph.getSignatureDefMap();
    for (String key : servedKeys(defs)) {
      signature(key, defs.get(key)).ifPresentOrElse(signatures::add, () -> skipped.add(key));
    }
    if (signatures.isEmpty()) {
      throw new ModelLoadException(
          "the SavedModel in " + source + " has no signature that can be served"
              + (skipped.isEmpty() ? "" : " (skipped: " + skipped + ", see the log)"));
    }
    return new Contract("", signatures);
  }

  /** The keys to serve: internal ones left out, {@code serving_default} first, then by key. */
  private static List<String> servedKeys(Map<String, SignatureDef> defs) {
    return defs.keySet().stream()
        .filter(key -> !key.startsWith("__"))
        .sorted(Comparator.comparing((String key) -> !key.equals(Contract.SERVING_DEFAULT)).thenComparing(k -> k))
        .toList();
  }

  private static Optional<Signature> signature(String key, SignatureDef def) {
    List<Field> inputs = fields(key, def.getInputsMap());
    List<Field> outputs = fields(key, def.getOutputsMap());
    if (inputs == null || outputs == null) {
      return Optional.empty();
    }
    return Optional.of(new Signature(key, inputs, outputs, def.getMethodName()));
  }

  /** The fields sorted by key; null (with a warning) when one cannot be served. */
  private static List<Field> fields(String signature, Map<String, TensorInfo> infos) {
    List<Field> fields = new ArrayList<>();
    for (String name : infos.keySet().stream().sorted().toList()) {
      TensorInfo info = infos.get(name);
      Optional<DType> dtype = DType.forWireNumber(info.getDtypeValue());
      if (info.getEncodingCase() != TensorInfo.EncodingCase.NAME || dtype.isEmpty()) {
        LOG.warn(
            "SavedModel signature '{}' is not served: '{}' is a {} tensor of dtype {}",
            signature, name, info.getEncodingCase(), info.getDtype());
        return null;
      }
      fields.add(Field.tensor(name, dtype.get(), shape(info)));
    }
    return fields;
  }

  /**
   * The declared shape; unknown rank when the tensor info has no {@code tensor_shape} at all (proto3 would read it as
   * no dims, a scalar) or says {@code unknown_rank}.
   */
  static Shape shape(TensorInfo info) {
    if (!info.hasTensorShape() || info.getTensorShape().getUnknownRank()) {
      return Shape.unknownRank();
    }
    TensorShapeProto proto = info.getTensorShape();
    return Shape.of(proto.getDimList().stream().mapToLong(d -> Math.max(d.getSize(), Shape.ANY)).toArray());
  }
}
