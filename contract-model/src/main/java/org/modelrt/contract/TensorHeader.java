package org.modelrt.contract;

/**
 * What a request tensor claims, read from its header fields only (no values copied): enough to validate it against a
 * contract field before any tensor data is touched. Built by {@link TensorHeaders} from a G1/G2 TensorProto or a G3
 * Tensor.
 *
 * @param dtypeNumber the DataType number as sent (may be 0 or unknown)
 * @param dims the shape as sent, or {@code null} when the tensor has no shape at all
 * @param encoding where the values are
 * @param valueCount number of values in the typed field for the dtype (pairs count twice for complex types); 0 for
 *     {@link Encoding#CONTENT}
 * @param contentBytes length of {@code tensor_content} / {@code binary_val}; 0 for {@link Encoding#TYPED_VALUES}
 */
public record TensorHeader(int dtypeNumber, long[] dims, Encoding encoding, long valueCount, long contentBytes) {

  /** Where a tensor's values travel. */
  public enum Encoding {
    /** In the typed {@code *_val} field of the dtype. */
    TYPED_VALUES,
    /** As raw little-endian bytes in {@code tensor_content} (G1/G2) or {@code binary_val} (G3). */
    CONTENT
  }
}
