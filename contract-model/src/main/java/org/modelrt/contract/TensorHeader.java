package org.modelrt.contract;

/**
 * What a request tensor claims, read from its header fields only (no values copied): enough to validate it against a
 * contract field before any tensor data is touched. Built by {@link TensorHeaders} from a G1/G2 TensorProto or a G3
 * Tensor; {@link RequestValidator} turns every inconsistency it records into an {@link InvalidRequestException}.
 *
 * <p>A value; the {@code dims} array is shared, not copied: treat it as read-only.
 *
 * @param dtypeNumber the DataType number as sent (may be 0 or unknown)
 * @param dims the shape as sent, or {@code null} when the tensor has no tensor_shape at all (read as a scalar, or
 *     under a contract field of unknown rank as 1-D; see {@code ShapeResolver}); a present empty shape is {@code []}
 * @param unknownRank whether the request set {@code tensor_shape.unknown_rank} (G1/G2 only); a request must not
 * @param encoding where the values are
 * @param valueField for {@link Encoding#TYPED_VALUES}, the typed field the values were counted in: the dtype's
 *     {@link DType#valueField()}, except that DT_UINT16 values may come in {@code uint32_val}
 *     (docs/hydrosphere-upstream.md, "Shapes and values"), so a decoder reads from here; {@code null} for
 *     {@link Encoding#CONTENT} or an unknown dtype
 * @param valueCount number of values in {@code valueField} (pairs count twice for complex types); 0 for
 *     {@link Encoding#CONTENT}
 * @param contentBytes length of {@code tensor_content} / {@code binary_val}; 0 for {@link Encoding#TYPED_VALUES}
 * @param strayField the proto name of a value field that holds values but is not the one read ({@code int_val} on a
 *     DT_FLOAT tensor, or any typed field next to {@code tensor_content}), or {@code null} when there is none
 * @param strayCount how many values {@code strayField} holds; 0 when there is none
 */
public record TensorHeader(
    int dtypeNumber,
    long[] dims,
    boolean unknownRank,
    Encoding encoding,
    DType.ValueField valueField,
    long valueCount,
    long contentBytes,
    String strayField,
    long strayCount) {

  /**
   * A header of a well-formed tensor: known rank (or none), values in the dtype's own field, nothing stray.
   * Kept for callers that describe a tensor directly; {@link TensorHeaders} fills every component.
   */
  public TensorHeader(int dtypeNumber, long[] dims, Encoding encoding, long valueCount, long contentBytes) {
    this(dtypeNumber, dims, false, encoding, ownField(dtypeNumber, encoding), valueCount, contentBytes, null, 0);
  }

  private static DType.ValueField ownField(int dtypeNumber, Encoding encoding) {
    if (encoding != Encoding.TYPED_VALUES) {
      return null;
    }
    return DType.forWireNumber(dtypeNumber).map(DType::valueField).orElse(null);
  }

  /** Where a tensor's values travel. */
  public enum Encoding {
    /** In the typed {@code *_val} field of the dtype. */
    TYPED_VALUES,
    /** As raw little-endian bytes in {@code tensor_content} (G1/G2) or {@code binary_val} (G3). */
    CONTENT
  }
}
