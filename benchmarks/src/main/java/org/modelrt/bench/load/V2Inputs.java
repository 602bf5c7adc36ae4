package org.modelrt.bench.load;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.modelrt.contract.DType;
import org.modelrt.serving.v2.V2DataType;
import org.modelrt.wire.tensor.TensorProto;

/**
 * A {@link RequestSpec}'s tensors in the Open Inference Protocol's (v2) terms, for both v2 targets: each input's name,
 * datatype, shape, its values as TF Serving's typed TensorProto (for JSON {@code data} and gRPC typed contents) and
 * its raw bytes (little-endian, row-major, BYTES as a 4-byte little-endian length before each element: the layout of
 * both {@code raw_input_contents} and the REST binary extension). Both are taken from the G2 requests the runtime's
 * own client code builds, so every protocol sends the same numbers. Immutable.
 */
record V2Inputs(List<Input> inputs, String signature) {

  /** One input tensor. */
  record Input(String name, String datatype, long[] shape, TensorProto typed, byte[] raw) {}

  static V2Inputs of(RequestSpec spec) {
    Map<String, TensorProto> typed = new RequestSpec(spec.signature(), spec.inputs(), false).g2("").getInputsMap();
    Map<String, TensorProto> content = new RequestSpec(spec.signature(), spec.inputs(), true).g2("").getInputsMap();
    List<Input> inputs = new ArrayList<>();
    spec.inputs().forEach((name, values) -> {
      DType dtype = values.dtype();
      String datatype = V2DataType.of(dtype).map(Enum::name).orElseThrow(() -> new IllegalArgumentException(
          "input '" + name + "': " + dtype.wireName() + " has no Open Inference Protocol datatype"));
      inputs.add(new Input(name, datatype, values.shape(), typed.get(name), raw(content.get(name))));
    });
    return new V2Inputs(List.copyOf(inputs), spec.signature());
  }

  /** Total raw bytes of every input: the tensor payload a v2 binary request carries after its JSON header. */
  long rawBytes() {
    return inputs.stream().mapToLong(i -> i.raw().length).sum();
  }

  private static byte[] raw(TensorProto t) {
    if (t.getDtype() != org.modelrt.wire.tensor.DataType.DT_STRING) {
      return t.getTensorContent().toByteArray();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (ByteString s : t.getStringValList()) {
      out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(s.size()).array());
      out.writeBytes(s.toByteArray());
    }
    return out.toByteArray();
  }
}
