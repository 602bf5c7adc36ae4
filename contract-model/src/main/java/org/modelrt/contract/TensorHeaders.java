package org.modelrt.contract;

import org.modelrt.contract.DType.ValueField;
import org.modelrt.contract.TensorHeader.Encoding;
import org.modelrt.wire.g3.Tensor;
import org.modelrt.wire.tensor.TensorProto;
import org.modelrt.wire.tensor.TensorShapeProto;

/**
 * Reads a {@link TensorHeader} from a wire tensor without copying its values: only counts and lengths are taken.
 *
 * <p>Non-empty {@code tensor_content} / {@code binary_val} makes the tensor {@link Encoding#CONTENT} (TensorFlow
 * prefers it too); otherwise the values are counted in the dtype's typed field. Every other non-empty value field is
 * recorded as stray, for the validator to refuse. Stateless and thread-safe.
 */
public final class TensorHeaders {
  /** Every value field, in proto field-number order; NONE stands for G1/G2 {@code variant_val}. */
  private static final ValueField[] ALL_FIELDS = ValueField.values();

  private TensorHeaders() {}

  /** The header of a G1/G2 TensorProto. */
  public static TensorHeader of(TensorProto tensor) {
    long[] dims = null;
    boolean unknownRank = false;
    if (tensor.hasTensorShape()) {
      TensorShapeProto shape = tensor.getTensorShape();
      dims = new long[shape.getDimCount()];
      for (int i = 0; i < dims.length; i++) {
        dims[i] = shape.getDim(i).getSize();
      }
      unknownRank = shape.getUnknownRank();
    }
    return header(tensor.getDtypeValue(), dims, unknownRank, tensor.getTensorContent().size(),
        field -> count(tensor, field));
  }

  /** The header of a G3 Tensor. */
  public static TensorHeader of(Tensor tensor) {
    long[] dims = null;
    if (tensor.hasTensorShape()) {
      var shape = tensor.getTensorShape();
      dims = new long[shape.getDimsCount()];
      for (int i = 0; i < dims.length; i++) {
        dims[i] = shape.getDims(i);
      }
    }
    return header(tensor.getDtypeValue(), dims, false, tensor.getBinaryVal().size(),
        field -> count(tensor, field));
  }

  private interface ValueCounter {
    long count(ValueField field);
  }

  private static TensorHeader header(
      int dtypeNumber, long[] dims, boolean unknownRank, long contentBytes, ValueCounter counter) {
    if (contentBytes > 0) {
      ValueField stray = firstNonEmpty(counter, null);
      return new TensorHeader(dtypeNumber, dims, unknownRank, Encoding.CONTENT, null, 0, contentBytes,
          stray == null ? null : fieldName(stray), stray == null ? 0 : counter.count(stray));
    }
    ValueField read = fieldToRead(dtypeNumber, counter);
    ValueField stray = firstNonEmpty(counter, read);
    return new TensorHeader(dtypeNumber, dims, unknownRank, Encoding.TYPED_VALUES, read,
        read == null ? 0 : counter.count(read), 0,
        stray == null ? null : fieldName(stray), stray == null ? 0 : counter.count(stray));
  }

  /** The dtype's own field; DT_UINT16 also arrives in uint32_val (the TF runtime's helper table), read it there. */
  private static ValueField fieldToRead(int dtypeNumber, ValueCounter counter) {
    DType dtype = DType.lookup(dtypeNumber);
    if (dtype == null) {
      return null;
    }
    if (dtype == DType.UINT16 && counter.count(ValueField.INT_VAL) == 0
        && counter.count(ValueField.UINT32_VAL) > 0) {
      return ValueField.UINT32_VAL;
    }
    return dtype.valueField();
  }

  private static ValueField firstNonEmpty(ValueCounter counter, ValueField except) {
    for (ValueField field : ALL_FIELDS) {
      if (field != except && counter.count(field) > 0) {
        return field;
      }
    }
    return null;
  }

  private static String fieldName(ValueField field) {
    // Only G1/G2 can hold values for NONE: its variant_val.
    return field == ValueField.NONE ? "variant_val" : field.wireName();
  }

  private static long count(TensorProto t, ValueField field) {
    return switch (field) {
      case FLOAT_VAL -> t.getFloatValCount();
      case DOUBLE_VAL -> t.getDoubleValCount();
      case INT_VAL -> t.getIntValCount();
      case STRING_VAL -> t.getStringValCount();
      case SCOMPLEX_VAL -> t.getScomplexValCount();
      case INT64_VAL -> t.getInt64ValCount();
      case BOOL_VAL -> t.getBoolValCount();
      case DCOMPLEX_VAL -> t.getDcomplexValCount();
      case HALF_VAL -> t.getHalfValCount();
      case UINT32_VAL -> t.getUint32ValCount();
      case UINT64_VAL -> t.getUint64ValCount();
      case MAP_VAL -> t.getMapValCount();
      case NONE -> t.getVariantValCount();
    };
  }

  private static long count(Tensor t, ValueField field) {
    return switch (field) {
      case FLOAT_VAL -> t.getFloatValCount();
      case DOUBLE_VAL -> t.getDoubleValCount();
      case INT_VAL -> t.getIntValCount();
      case STRING_VAL -> t.getStringValCount();
      case SCOMPLEX_VAL -> t.getScomplexValCount();
      case INT64_VAL -> t.getInt64ValCount();
      case BOOL_VAL -> t.getBoolValCount();
      case DCOMPLEX_VAL -> t.getDcomplexValCount();
      case HALF_VAL -> t.getHalfValCount();
      case UINT32_VAL -> t.getUint32ValCount();
      case UINT64_VAL -> t.getUint64ValCount();
      case MAP_VAL -> t.getMapValCount();
      case NONE -> 0;
    };
  }
}
