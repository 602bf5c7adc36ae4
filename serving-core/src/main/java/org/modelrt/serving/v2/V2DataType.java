package org.modelrt.serving.v2;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.modelrt.contract.DType;
import org.modelrt.contract.InvalidRequestException;

/**
 * The v2 column of the dtype table: each Open Inference Protocol datatype, the wire {@link DType} it travels as inside
 * the core, its element size in raw (binary) form, and the typed {@code InferTensorContents} field that carries it on
 * gRPC. The one place v2 datatypes are mapped; both fronts (gRPC and REST) read it.
 *
 * <p>Unsupported cells, explicitly: FP16 and BF16 have no typed contents field (the spec says they travel raw only);
 * BF16 has no engine support in the three engines served and is refused at request time by the core like any dtype
 * the model does not declare; DType's COMPLEX64/128, the quantized types, RESOURCE, VARIANT, ANY and MAP have no v2
 * datatype, so a model field of those types has none in metadata ({@link #of} is empty).
 */
public enum V2DataType {
  BOOL(DType.BOOL, 1, "bool_contents"),
  UINT8(DType.UINT8, 1, "uint_contents"),
  UINT16(DType.UINT16, 2, "uint_contents"),
  UINT32(DType.UINT32, 4, "uint_contents"),
  UINT64(DType.UINT64, 8, "uint64_contents"),
  INT8(DType.INT8, 1, "int_contents"),
  INT16(DType.INT16, 2, "int_contents"),
  INT32(DType.INT32, 4, "int_contents"),
  INT64(DType.INT64, 8, "int64_contents"),
  FP16(DType.HALF, 2, null),
  BF16(DType.BFLOAT16, 2, null),
  FP32(DType.FLOAT, 4, "fp32_contents"),
  FP64(DType.DOUBLE, 8, "fp64_contents"),
  /** Variable length: raw form is a 4-byte little-endian length before each element ({@link V2Bytes}). */
  BYTES(DType.STRING, 0, "bytes_contents");

  private static final Map<DType, V2DataType> BY_DTYPE = new EnumMap<>(DType.class);

  private static final Map<String, V2DataType> BY_WIRE_NAME = new HashMap<>();
  private static final Pattern WIRE_NAME = Pattern.compile("\\bDT_[A-Z0-9]+\\b");

  static {
    for (V2DataType t : values()) {
      BY_DTYPE.put(t.dtype, t);
      BY_WIRE_NAME.put(t.dtype.wireName(), t);
    }
  }

  private final DType dtype;
  private final int elementSize;
  private final String contentsField;

  V2DataType(DType dtype, int elementSize, String contentsField) {
    this.dtype = dtype;
    this.elementSize = elementSize;
    this.contentsField = contentsField;
  }

  /** The wire type the core validates and decodes. */
  public DType dtype() {
    return dtype;
  }

  /** Bytes per element in raw form; 0 for BYTES. */
  public int elementSize() {
    return elementSize;
  }

  /** Whether the datatype has a typed (JSON / {@code InferTensorContents}) form; FP16 and BF16 do not. */
  public boolean hasTypedForm() {
    return contentsField != null;
  }

  /** The gRPC {@code InferTensorContents} field of this datatype, e.g. {@code fp32_contents}; null for FP16/BF16. */
  public String contentsField() {
    return contentsField;
  }

  /** The v2 datatype of a contract dtype; empty when v2 has none. */
  public static Optional<V2DataType> of(DType dtype) {
    return Optional.ofNullable(BY_DTYPE.get(dtype));
  }

  /**
   * Parses a request's {@code datatype} (case as the spec writes it).
   *
   * @throws InvalidRequestException naming the tensor and the datatypes there are
   */
  public static V2DataType parse(String tensor, String datatype) {
    for (V2DataType t : values()) {
      if (t.name().equals(datatype)) {
        return t;
      }
    }
    throw new InvalidRequestException("input '" + tensor + "': datatype '" + datatype + "' is not a v2 datatype; "
        + "expected one of BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64, BYTES");
  }

  /**
   * A core message in v2 terms: wire dtype names become v2 datatypes ({@code DT_FLOAT} -> {@code FP32}), so a v2
   * caller reads the names it sent.
   */
  public static String inV2Terms(String message) {
    Matcher m = WIRE_NAME.matcher(message.replace("dtype DT_", "datatype DT_"));
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      V2DataType t = BY_WIRE_NAME.get(m.group());
      m.appendReplacement(out, t == null ? m.group() : t.name());
    }
    return m.appendTail(out).toString();
  }
}
