package org.modelrt.contract;

import java.util.List;
import java.util.Objects;

/**
 * One named input or output of a signature.
 *
 * <p>A field is either a tensor ({@code dtype} set, no subfields) or a map of named subfields ({@code dtype} is
 * {@link DType#MAP} and {@code subfields} is non-empty), as Hydrosphere contracts allow. Engines serve tensors only;
 * map fields are represented so that they can be rejected with a clear message.
 *
 * @param name the field name, non-empty
 * @param dtype the element type
 * @param shape the shape; {@link Shape#unknownRank()} when the contract leaves it open
 * @param subfields nested fields of a map field, in contract order; empty for a tensor
 */
public record Field(String name, DType dtype, Shape shape, List<Field> subfields) {

  public Field {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(shape, "shape");
    subfields = List.copyOf(subfields);
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a field needs a name");
    }
  }

  /** A tensor field. */
  public static Field tensor(String name, DType dtype, Shape shape) {
    return new Field(name, dtype, shape, List.of());
  }

  /** Whether this field is a map of subfields rather than a tensor. */
  public boolean isMap() {
    return !subfields.isEmpty() || dtype == DType.MAP;
  }

  /** {@code x: DT_FLOAT [-1,4]}. */
  @Override
  public String toString() {
    return name + ": " + dtype + " " + shape + (subfields.isEmpty() ? "" : " " + subfields);
  }
}
