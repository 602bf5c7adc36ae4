package org.modelrt.serving.codec;

import org.modelrt.contract.TensorHeader;
import org.modelrt.wire.g3.Tensor;
import org.modelrt.wire.tensor.TensorProto;

/**
 * One generation's tensor message: {@link #TENSOR_PROTO} for G1/G2 (TF Serving's TensorProto) or {@link #G3_TENSOR}
 * for G3 (Hydrosphere's Tensor). The codec works on every generation through this one seam; the two differ only in
 * how they encode the shape and in the name of the raw-bytes field.
 *
 * <p>The two instances are stateless and thread-safe. No other implementations exist (the abstract methods are
 * package-private).
 *
 * @param <T> the tensor message type
 */
public abstract class WireFormat<T> {
  /** G1/G2: {@code hydrosphere.tensorflow.TensorProto}, wire-identical to TensorFlow's. */
  public static final WireFormat<TensorProto> TENSOR_PROTO = new TensorProtoFormat();
  /** G3: {@code hydrosphere.serving.contract.Tensor}. */
  public static final WireFormat<Tensor> G3_TENSOR = new G3TensorFormat();

  WireFormat() {}

  /** What the tensor claims (dtype, shape, where and how many values), read without copying values. */
  public abstract TensorHeader header(T tensor);

  /** A read view of the tensor's values. */
  abstract WireTensor view(T tensor);

  /** A builder for a new tensor of this generation. */
  abstract WireTensorBuilder<T> newBuilder();
}
