package org.modelrt.bench.load;

import com.google.protobuf.InvalidProtocolBufferException;
import org.modelrt.wire.g3.Tensor;
import org.modelrt.wire.g3.TensorShape;
import org.modelrt.wire.tensor.TensorProto;
import org.modelrt.wire.tensor.TensorShapeProto;

/**
 * G1/G2 TensorProto to G3 Tensor. The two messages number every value field the same (dtype 1, raw bytes 4,
 * float_val 5 ... uint64_val 17) and differ only in the shape message, so the values travel as bytes and only the
 * shape is rewritten. Stateless.
 */
final class G3Tensors {
  private G3Tensors() {}

  static Tensor from(TensorProto tensor) {
    try {
      Tensor.Builder g3 = Tensor.parseFrom(tensor.toBuilder().clearTensorShape().build().toByteString()).toBuilder();
      TensorShape.Builder shape = TensorShape.newBuilder();
      for (TensorShapeProto.Dim d : tensor.getTensorShape().getDimList()) {
        shape.addDims(d.getSize());
      }
      return g3.setTensorShape(shape).build();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a TensorProto's value fields did not parse as a G3 Tensor", e);
    }
  }
}
