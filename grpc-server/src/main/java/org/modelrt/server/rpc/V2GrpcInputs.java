package org.modelrt.server.rpc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.modelrt.contract.InvalidRequestException;
import org.modelrt.serving.v2.V2DataType;
import org.modelrt.serving.v2.V2Tensors;
import org.modelrt.wire.kserve.InferTensorContents;
import org.modelrt.wire.kserve.ModelInferRequest;
import org.modelrt.wire.kserve.ModelInferRequest.InferInputTensor;
import org.modelrt.wire.tensor.TensorProto;

/**
 * A v2 {@code ModelInferRequest}'s inputs as the core's TensorProtos: typed {@code contents} into the dtype's
 * {@code *_val} field, {@code raw_input_contents} wrapped as {@code tensor_content} (no copy) or split into
 * {@code string_val} for BYTES. Checks what only v2 can say (datatype names, contents fields and counts, raw byte
 * counts); the core validates the rest against the model. Stateless.
 */
final class V2GrpcInputs {
  private V2GrpcInputs() {}

  /** The inputs by name, in request order. */
  static Map<String, TensorProto> read(ModelInferRequest request) {
    int raw = request.getRawInputContentsCount();
    if (raw > 0 && raw != request.getInputsCount()) {
      throw new InvalidRequestException("raw_input_contents has " + raw + " entries, expected one per input ("
          + request.getInputsCount() + ")");
    }
    Map<String, TensorProto> inputs = new LinkedHashMap<>();
    for (int i = 0; i < request.getInputsCount(); i++) {
      InferInputTensor input = request.getInputs(i);
      String name = input.getName();
      V2DataType type = V2DataType.parse(name, input.getDatatype());
      long[] shape = shape(input.getShapeList());
      TensorProto tensor;
      if (raw > 0) {
        if (input.hasContents() && !input.getContents().equals(InferTensorContents.getDefaultInstance())) {
          throw new InvalidRequestException("input '" + name + "': contents must be empty when raw_input_contents "
              + "is used");
        }
        tensor = V2Tensors.fromRaw(name, "raw_input_contents[" + i + "]", type, shape, request.getRawInputContents(i));
      } else {
        tensor = typed(name, type, shape, input.getContents());
      }
      if (inputs.put(name, tensor) != null) {
        throw new InvalidRequestException("input '" + name + "' is sent twice");
      }
    }
    return inputs;
  }

  private static long[] shape(List<Long> dims) {
    long[] shape = new long[dims.size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = dims.get(i);
    }
    return shape;
  }

  private static TensorProto typed(String name, V2DataType type, long[] shape, InferTensorContents c) {
    if (!type.hasTypedForm()) {
      throw new InvalidRequestException("input '" + name + "': datatype " + type + " has no typed contents; send it "
          + "in raw_input_contents");
    }
    requireOnly(name, type, c);
    TensorProto.Builder t = V2Tensors.header(type, shape);
    int n = count(type, c);
    V2Tensors.requireCount(name, type, shape, "contents." + type.contentsField(), n);
    switch (type) {
      case BOOL -> t.addAllBoolVal(c.getBoolContentsList());
      case INT8, INT16, INT32 -> {
        for (int i = 0; i < n; i++) {
          t.addIntVal(inRange(name, type, i, c.getIntContents(i)));
        }
      }
      case UINT8, UINT16 -> {
        for (int i = 0; i < n; i++) {
          t.addIntVal(inRange(name, type, i, c.getUintContents(i)));
        }
      }
      case UINT32 -> t.addAllUint32Val(c.getUintContentsList());
      case INT64 -> t.addAllInt64Val(c.getInt64ContentsList());
      case UINT64 -> t.addAllUint64Val(c.getUint64ContentsList());
      case FP32 -> t.addAllFloatVal(c.getFp32ContentsList());
      case FP64 -> t.addAllDoubleVal(c.getFp64ContentsList());
      case BYTES -> t.addAllStringVal(c.getBytesContentsList());
      case FP16, BF16 -> throw new AssertionError("no typed form");
    }
    return t.build();
  }

  private static int count(V2DataType type, InferTensorContents c) {
    return switch (type) {
      case BOOL -> c.getBoolContentsCount();
      case INT8, INT16, INT32 -> c.getIntContentsCount();
      case UINT8, UINT16, UINT32 -> c.getUintContentsCount();
      case INT64 -> c.getInt64ContentsCount();
      case UINT64 -> c.getUint64ContentsCount();
      case FP32 -> c.getFp32ContentsCount();
      case FP64 -> c.getFp64ContentsCount();
      case BYTES -> c.getBytesContentsCount();
      case FP16, BF16 -> 0;
    };
  }

  /** Values in another datatype's field are the caller's mistake, never silently dropped. */
  private static void requireOnly(String name, V2DataType type, InferTensorContents c) {
    int[] counts = {c.getBoolContentsCount(), c.getIntContentsCount(), c.getInt64ContentsCount(),
        c.getUintContentsCount(), c.getUint64ContentsCount(), c.getFp32ContentsCount(), c.getFp64ContentsCount(),
        c.getBytesContentsCount()};
    String[] fields = {"bool_contents", "int_contents", "int64_contents", "uint_contents", "uint64_contents",
        "fp32_contents", "fp64_contents", "bytes_contents"};
    for (int i = 0; i < fields.length; i++) {
      if (counts[i] > 0 && !fields[i].equals(type.contentsField())) {
        throw new InvalidRequestException("input '" + name + "': datatype " + type + " values belong in contents."
            + type.contentsField() + ", received contents." + fields[i] + " (" + counts[i] + " values)");
      }
    }
  }

  /** A value that fits the datatype; UINT8/UINT16 arrive as uint32, so {@code value} is unsigned for them. */
  private static int inRange(String name, V2DataType type, int i, int value) {
    long v = type == V2DataType.UINT8 || type == V2DataType.UINT16 ? Integer.toUnsignedLong(value) : value;
    long min = switch (type) {
      case INT8 -> Byte.MIN_VALUE;
      case INT16 -> Short.MIN_VALUE;
      case INT32 -> Integer.MIN_VALUE;
      default -> 0;
    };
    long max = switch (type) {
      case INT8 -> Byte.MAX_VALUE;
      case INT16 -> Short.MAX_VALUE;
      case UINT8 -> 0xff;
      case UINT16 -> 0xffff;
      default -> Integer.MAX_VALUE;
    };
    if (v < min || v > max) {
      throw new InvalidRequestException("input '" + name + "': value " + v + " at index " + i + " does not fit "
          + type + " [" + min + ", " + max + "]");
    }
    return (int) v;
  }
}
