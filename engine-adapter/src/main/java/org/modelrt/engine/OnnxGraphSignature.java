package org.modelrt.engine;

import ai.djl.ndarray.types.DataType;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.TensorInfo.OnnxTensorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.modelrt.contract.Contract;
import org.modelrt.contract.DType;
import org.modelrt.contract.Field;
import org.modelrt.contract.Shape;
import org.modelrt.contract.Signature;

/**
 * The one signature an ONNX graph describes, named {@code serving_default}: its graph inputs and outputs in graph
 * order, with their element types and shapes (symbolic dims as -1). Stateless.
 */
final class OnnxGraphSignature {
  private OnnxGraphSignature() {}

  /**
   * The contract of the session's graph.
   *
   * @param source the model file, for messages
   * @throws ModelLoadException when an input or output is not a tensor of a type modelrt knows
   */
  static Contract describe(OrtSession session, String source) throws ModelLoadException {
    try {
      List<String> problems = new ArrayList<>();
      List<Field> inputs = fields(session.getInputInfo(), "input", problems);
      List<Field> outputs = fields(session.getOutputInfo(), "output", problems);
      if (!problems.isEmpty()) {
        throw new ModelLoadException("the ONNX model " + source + " cannot be served: " + String.join("; ", problems));
      }
      return new Contract("", List.of(new Signature(Contract.SERVING_DEFAULT, inputs, outputs)));
    } catch (OrtException e) {
      throw new ModelLoadException("cannot read the inputs and outputs of " + source + ": " + e.getMessage(), e);
    }
  }

  private static List<Field> fields(Map<String, NodeInfo> infos, String kind, List<String> problems) {
    List<Field> fields = new ArrayList<>();
    for (NodeInfo node : infos.values()) {
      if (!(node.getInfo() instanceof TensorInfo tensor)) {
        problems.add(kind + " '" + node.getName() + "' is a " + node.getInfo() + ", not a tensor");
        continue;
      }
      Optional<DType> dtype = toDjl(tensor.onnxType).flatMap(DTypeTable::fromDjl);
      if (dtype.isEmpty()) {
        problems.add(kind + " '" + node.getName() + "' has element type " + tensor.onnxType);
        continue;
      }
      long[] dims = tensor.getShape();
      for (int i = 0; i < dims.length; i++) {
        dims[i] = Math.max(dims[i], Shape.ANY);
      }
      fields.add(Field.tensor(node.getName(), dtype.get(), Shape.of(dims)));
    }
    return fields;
  }

  /** ONNX Runtime's element type as a DJL type; empty for types DJL has none for. */
  private static Optional<DataType> toDjl(OnnxTensorType type) {
    return Optional.ofNullable(
        switch (type) {
          case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT -> DataType.FLOAT32;
          case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE -> DataType.FLOAT64;
          case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16 -> DataType.FLOAT16;
          case ONNX_TENSOR_ELEMENT_DATA_TYPE_BFLOAT16 -> DataType.BFLOAT16;
          case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8 -> DataType.INT8;
          case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8 -> DataType.UINT8;
          case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16 -> DataType.INT16;
          case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT16 -> DataType.UINT16;
          case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32 -> DataType.INT32;
          case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT32 -> DataType.UINT32;
          case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64 -> DataType.INT64;
          case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT64 -> DataType.UINT64;
          case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL -> DataType.BOOLEAN;
          case ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING -> DataType.STRING;
          case ONNX_TENSOR_ELEMENT_DATA_TYPE_COMPLEX64 -> DataType.COMPLEX64;
          default -> null;
        });
  }
}
