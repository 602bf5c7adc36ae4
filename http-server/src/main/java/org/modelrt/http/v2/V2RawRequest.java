package org.modelrt.http.v2;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.util.List;
import java.util.Map;
import org.modelrt.contract.Field;
import org.modelrt.contract.InvalidRequestException;
import org.modelrt.contract.Shape;
import org.modelrt.contract.Signature;
import org.modelrt.serving.v2.V2DataType;
import org.modelrt.serving.v2.V2Tensors;
import org.modelrt.wire.tensor.TensorProto;

/**
 * The binary tensor data extension's raw binary request: {@code Inference-Header-Content-Length: 0} and a body that
 * is only the bytes of the model's one input, its datatype and shape taken from the model's metadata (the default
 * signature's input, as {@code GET /v2/models/{m}} shows it). Triton's rule, from
 * triton-inference-server/server docs/protocol/extension_binary_data.md, "Raw Binary Request":
 *
 * <blockquote>"To send a raw binary request, the Inference-Header-Content-Length header must be provided with value 0
 * to indicate that the request body doesn't include the inference header." The model must "1. Only has 1 input
 * 2. If the input data type is non-BYTE, the number of variable size dimensions is at most 1. If the data type is
 * BYTE, the shape must be [1]." And "all the model output will be requested to be returned in binary tensor
 * form".</blockquote>
 *
 * <p>So the one variable dimension (if any) is the byte count over the bytes of the rest of the shape, and a BYTES
 * body is one element, its bytes as they are (Triton adds the 4-byte length prefix itself). Triton's "treated as
 * batch-1" is for its models with a batch dimension outside their shape; modelrt's metadata shapes include the batch
 * dimension, so a leading {@code -1} is the variable dimension: one row of bytes is batch 1 as in Triton, and more
 * rows are taken too. Anything the rule cannot settle is the caller's error, naming the input and what is wrong.
 * Stateless.
 */
final class V2RawRequest {
  private static final String WHAT = "a raw binary request (" + V2Rest.HEADER_LENGTH + ": 0)";

  private V2RawRequest() {}

  /**
   * The request {@code body} stands for: the model's one input over the body's bytes (wrapped, not copied), no
   * {@code id}, the default signature, every output binary.
   *
   * @param model the model's name as served, for messages
   * @param signature the signature the model's metadata shows (its default)
   * @throws InvalidRequestException when the model does not qualify or the body does not fit its input
   */
  static V2InferRequest read(String model, Signature signature, byte[] body) {
    List<Field> inputs = signature.inputs();
    if (inputs.size() != 1) {
      throw new InvalidRequestException(WHAT + ": the model must have exactly 1 input; model '" + model + "' has "
          + inputs.size() + " " + inputs.stream().map(f -> "'" + f.name() + "'").toList()
          + ": send the JSON inference header before the binary data instead");
    }
    Field input = inputs.get(0);
    V2DataType type = V2DataType.of(input.dtype()).orElseThrow(() -> new InvalidRequestException("input '"
        + input.name() + "' has dtype " + input.dtype().wireName() + ", which the v2 protocol has no datatype for"));
    if (body.length == 0) {
      throw new InvalidRequestException(WHAT + ": the body is empty; it must hold the bytes of input '"
          + input.name() + "'");
    }
    long[] shape = shape(input, type, body.length);
    ByteString raw = UnsafeByteOperations.unsafeWrap(body);
    TensorProto tensor = type == V2DataType.BYTES
        ? V2Tensors.header(type, shape).addStringVal(raw).build()
        : V2Tensors.fromRaw(input.name(), "the raw binary body", type, shape, raw);
    return new V2InferRequest("", "", true, Map.of(input.name(), tensor), List.of());
  }

  /** The input's shape with its variable dimension, if any, worked out from the byte count. */
  private static long[] shape(Field input, V2DataType type, int bytes) {
    String about = "input '" + input.name() + "'";
    if (!input.shape().hasKnownRank()) {
      throw new InvalidRequestException(WHAT + ": " + about + " has no known shape in the model's metadata (any "
          + "rank), so the body's bytes cannot give one; send the JSON inference header with its shape instead");
    }
    long[] dims = input.shape().dims();
    String declared = about + " is " + type + " " + Shape.format(dims);
    int variable = -1;
    long fixed = 1;
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] != Shape.ANY) {
        fixed = Math.multiplyExact(fixed, dims[i]);
      } else if (variable >= 0) {
        throw new InvalidRequestException(WHAT + ": " + declared + " in the model's metadata, more than one "
            + "variable-size dimension, so the byte count cannot give the shape; send the JSON inference header "
            + "with its shape instead");
      } else {
        variable = i;
      }
    }
    if (type == V2DataType.BYTES) {
      if (variable >= 0 || fixed != 1) {
        throw new InvalidRequestException(WHAT + ": " + declared + " in the model's metadata; the body is one "
            + "BYTES element, so the shape must be [1]");
      }
      return dims;
    }
    long step = fixed * type.elementSize();
    if (variable < 0) {
      if (bytes != step) {
        throw new InvalidRequestException(WHAT + ": " + declared + " needs " + step + " bytes, the body has "
            + bytes);
      }
      return dims;
    }
    if (step == 0) {
      throw new InvalidRequestException(WHAT + ": " + declared + " holds no elements whatever its variable "
          + "dimension, so the byte count cannot give it; send the JSON inference header with its shape instead");
    }
    if (bytes % step != 0) {
      throw new InvalidRequestException(WHAT + ": " + declared + " takes a whole number of " + step + "-byte steps "
          + "of its variable dimension, the body has " + bytes + " bytes");
    }
    dims[variable] = bytes / step;
    return dims;
  }
}
