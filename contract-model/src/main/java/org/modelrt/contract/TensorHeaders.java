package org.modelrt.contract;

import org.modelrt.wire.g3.Tensor;
import org.modelrt.wire.tensor.TensorProto;

/** Reads a {@link TensorHeader} from a wire tensor without copying its values. */
public final class TensorHeaders {
  private TensorHeaders() {}

  /** The header of a G1/G2 TensorProto. */
  public static TensorHeader of(TensorProto tensor) {
    throw new UnsupportedOperationException("in progress on branch contract");
  }

  /** The header of a G3 Tensor. */
  public static TensorHeader of(Tensor tensor) {
    throw new UnsupportedOperationException("in progress on branch contract");
  }
}
