package org.modelrt.contract;

import java.util.Optional;

/**
 * Element type of a tensor or contract field.
 *
 * <p>The wire number is shared by every generation: G1/G2 {@code hydrosphere.tensorflow.DataType} and G3
 * {@code hydrosphere.serving.contract.DataType} use the same numbers (G3 drops 14, 20, 21 and adds DT_ANY = 24).
 * This enum is the one home of the wire facts of a type: its number, its element size in {@code tensor_content}
 * and which typed {@code *_val} field carries it. Mapping to an engine's own types lives with the engine codec.
 */
public enum DType {
  FLOAT(1, 4, ValueField.FLOAT_VAL),
  DOUBLE(2, 8, ValueField.DOUBLE_VAL),
  INT32(3, 4, ValueField.INT_VAL),
  UINT8(4, 1, ValueField.INT_VAL),
  INT16(5, 2, ValueField.INT_VAL),
  INT8(6, 1, ValueField.INT_VAL),
  STRING(7, 0, ValueField.STRING_VAL),
  COMPLEX64(8, 8, ValueField.SCOMPLEX_VAL),
  INT64(9, 8, ValueField.INT64_VAL),
  BOOL(10, 1, ValueField.BOOL_VAL),
  QINT8(11, 1, ValueField.INT_VAL),
  QUINT8(12, 1, ValueField.INT_VAL),
  QINT32(13, 4, ValueField.INT_VAL),
  BFLOAT16(14, 2, ValueField.HALF_VAL),
  QINT16(15, 2, ValueField.INT_VAL),
  QUINT16(16, 2, ValueField.INT_VAL),
  UINT16(17, 2, ValueField.INT_VAL),
  COMPLEX128(18, 16, ValueField.DCOMPLEX_VAL),
  HALF(19, 2, ValueField.HALF_VAL),
  RESOURCE(20, 0, ValueField.NONE),
  VARIANT(21, 0, ValueField.NONE),
  UINT32(22, 4, ValueField.UINT32_VAL),
  UINT64(23, 8, ValueField.UINT64_VAL),
  /** G3 only, a contract field of any type: G1/G2 contracts refuse 24, and no request may send it. */
  ANY(24, 0, ValueField.NONE),
  MAP(27, 0, ValueField.MAP_VAL);

  /** The typed field of TensorProto (G1/G2) / Tensor (G3) that carries a dtype's values. */
  public enum ValueField {
    FLOAT_VAL(1),
    DOUBLE_VAL(1),
    INT_VAL(1),
    STRING_VAL(1),
    /** Interleaved (real, imaginary) pairs: two values per element. */
    SCOMPLEX_VAL(2),
    INT64_VAL(1),
    BOOL_VAL(1),
    DCOMPLEX_VAL(2),
    /** binary16 bit patterns zero-extended to int32. */
    HALF_VAL(1),
    UINT32_VAL(1),
    UINT64_VAL(1),
    MAP_VAL(1),
    /** The dtype has no value representation on the wire. */
    NONE(1);

    private final int valuesPerElement;

    ValueField(int valuesPerElement) {
      this.valuesPerElement = valuesPerElement;
    }

    /** How many wire values make one tensor element (2 for complex types). */
    public int valuesPerElement() {
      return valuesPerElement;
    }

    /** The proto field name, e.g. {@code float_val}; {@code none} for {@link #NONE}. */
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static final DType[] BY_WIRE_NUMBER = new DType[28];

  static {
    for (DType t : values()) {
      BY_WIRE_NUMBER[t.wireNumber] = t;
    }
  }

  private final int wireNumber;
  private final int elementSize;
  private final ValueField valueField;

  DType(int wireNumber, int elementSize, ValueField valueField) {
    this.wireNumber = wireNumber;
    this.elementSize = elementSize;
    this.valueField = valueField;
  }

  /** The DataType enum number on the wire. */
  public int wireNumber() {
    return wireNumber;
  }

  /** Bytes per element in {@code tensor_content} / {@code binary_val}; 0 when the type has no fixed size. */
  public int elementSize() {
    return elementSize;
  }

  /** Whether the type can travel as raw little-endian bytes in {@code tensor_content} / {@code binary_val}. */
  public boolean hasFixedSize() {
    return elementSize > 0;
  }

  /** The typed {@code *_val} field that carries this type's values. */
  public ValueField valueField() {
    return valueField;
  }

  /** The upstream enum name, e.g. {@code DT_FLOAT}, as used in every message a client sees. */
  public String wireName() {
    return "DT_" + name();
  }

  /** The type with this wire number; empty for DT_INVALID (0), the G0 *_REF types and unknown numbers. */
  public static Optional<DType> forWireNumber(int number) {
    return Optional.ofNullable(lookup(number));
  }

  /** {@link #forWireNumber} without the Optional, for the per-request path; {@code null} when unknown. */
  static DType lookup(int number) {
    return number < 0 || number >= BY_WIRE_NUMBER.length ? null : BY_WIRE_NUMBER[number];
  }

  @Override
  public String toString() {
    return wireName();
  }
}
