package org.modelrt.contract;

import org.modelrt.contract.TensorHeader.Encoding;

/**
 * Validates one request input's header against its contract field: what the tensor is (map field, dtype, values in
 * the wrong field, unknown rank), then hands the shape and the counts to {@link ShapeResolver}. Thread-safe.
 */
final class InputCheck {
  private final ShapeResolver shapes;

  InputCheck(ShapeResolver shapes) {
    this.shapes = shapes;
  }

  ValidatedInput check(Field field, TensorHeader header) {
    String input = field.name();
    if (field.isMap()) {
      throw refuse(input, "the contract declares a map of subfields " + field.subfields()
          + "; map inputs are not supported");
    }
    DType dtype = dtype(field, header);
    if (header.strayField() != null) {
      throw strayValues(input, dtype, header);
    }
    if (header.unknownRank()) {
      throw refuse(input, "expected shape " + field.shape()
          + ", received tensor_shape.unknown_rank = true; a request must give its dims");
    }
    if (header.encoding() == Encoding.CONTENT) {
      return shapes.fromContent(field, dtype, header.dims(), header.contentBytes());
    }
    // A header made with the short constructor may leave the field out; it is then the dtype's own.
    DType.ValueField valueField = header.valueField() != null ? header.valueField() : dtype.valueField();
    return shapes.fromValues(field, header.dims(), valueField, header.valueCount());
  }

  private static DType dtype(Field field, TensorHeader header) {
    int number = header.dtypeNumber();
    DType sent = DType.lookup(number);
    String input = field.name();
    if (sent == null) {
      String received = number == 0 ? "DT_INVALID" : number + ", not a known DataType";
      throw refuse(input, "expected dtype " + field.dtype() + ", received " + received);
    }
    if (sent == DType.ANY) {
      // 24 is DT_ANY in G3 but not in TensorFlow's DataType (newer TF: DT_FLOAT8_E5M2), so name the number.
      throw refuse(input, "expected dtype " + field.dtype() + ", received DataType 24, which inputs cannot be "
          + "(DT_ANY in G3, no type in the G1/G2 DataType)");
    }
    if (sent == DType.MAP || sent == DType.VARIANT || sent == DType.RESOURCE) {
      throw refuse(input, "expected dtype " + field.dtype() + ", received " + sent + ", which inputs cannot be");
    }
    // DT_ANY (G3) in a contract accepts any tensor type.
    if (field.dtype() != DType.ANY && sent != field.dtype()) {
      throw refuse(input, "expected dtype " + field.dtype() + ", received " + sent);
    }
    return sent;
  }

  private static InvalidRequestException strayValues(String input, DType dtype, TensorHeader header) {
    String stray = header.strayField() + " (" + header.strayCount() + " values)";
    if (header.encoding() == Encoding.CONTENT) {
      return refuse(input, "values in both tensor_content/binary_val (" + header.contentBytes() + " bytes) and "
          + stray + "; send them in one");
    }
    String own = dtype.valueField().wireName();
    if (dtype == DType.UINT16 && "uint32_val".equals(header.strayField())) {
      return refuse(input, "DT_UINT16 values in both int_val (" + header.valueCount() + " values) and " + stray
          + "; send them in one");
    }
    return refuse(input, dtype + " values belong in " + own + ", received " + stray);
  }

  static InvalidRequestException refuse(String input, String what) {
    return new InvalidRequestException("input '" + Quoted.value(input) + "': " + what);
  }
}
