package org.modelrt.serving.codec;

import com.google.protobuf.ByteString;

/**
 * Read access to the values of one wire tensor, whichever generation's message holds it. G1/G2 {@code TensorProto}
 * and G3 {@code Tensor} share the numbers and types of every value field, so one view serves both and the per-type
 * code in {@link ElementCodec} is written once.
 *
 * <p>Accessors return one primitive value of a typed field by index (no boxing). A view wraps an immutable message
 * and is as thread-safe as it is.
 */
interface WireTensor {

  /** {@code tensor_content} (G1/G2) or {@code binary_val} (G3): raw little-endian elements, row-major. */
  ByteString content();

  float floatAt(int i);

  double doubleAt(int i);

  int intAt(int i);

  long int64At(int i);

  boolean boolAt(int i);

  /** A binary16 bit pattern, zero-extended. */
  int halfAt(int i);

  int uint32At(int i);

  long uint64At(int i);

  /** The i-th value of the interleaved (real, imaginary) pairs. */
  float scomplexAt(int i);

  ByteString stringAt(int i);
}
