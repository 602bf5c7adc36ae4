package org.modelrt.contract.io;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.modelrt.contract.ContractFormatException;
import org.modelrt.contract.DType;
import org.modelrt.contract.Field;
import org.modelrt.contract.Shape;
import org.modelrt.wire.g3.TensorShape;
import org.modelrt.wire.tensor.TensorShapeProto;

/**
 * Builds model {@link Field}s and {@link Shape}s from what a layout read, refusing what breaks a rule (no name,
 * DT_INVALID or an unknown dtype, a dim below -1, an empty or duplicate set of subfields) with the location. Shared by
 * every layout reader. Stateless.
 */
final class FieldAssembly {
  private FieldAssembly() {}

  /** Reads one wire field of any layout into a model field; {@code at} names it. */
  @FunctionalInterface
  interface FieldReader<T> {
    Field read(T wireField, Location at) throws ContractFormatException;
  }

  /** Reads a list of wire fields, each located by its kind and name (or position). */
  static <T> List<Field> fields(List<T> wire, String kind, Location at, java.util.function.Function<T, String> name,
      FieldReader<T> reader) throws ContractFormatException {
    Field[] fields = new Field[wire.size()];
    for (int i = 0; i < fields.length; i++) {
      T f = wire.get(i);
      fields[i] = reader.read(f, at.field(kind, i, name.apply(f)));
    }
    List<Field> list = List.of(fields);
    requireUniqueNames(list, kind, at);
    return list;
  }

  /**
   * A tensor field of a G1/G2 layout (L0-L2, and the ModelContract schema by hand), whose DataType is TensorFlow's:
   * it has no 24. DT_ANY = 24 is G3's only, and newer TensorFlow uses 24 for DT_FLOAT8_E5M2, so reading it as DT_ANY
   * would turn a field into a wildcard.
   */
  static Field tfTensor(Location at, String name, int dtypeNumber, Shape shape) throws ContractFormatException {
    if (dtypeNumber == DType.ANY.wireNumber()) {
      throw at.error("dtype 24 is not a G1/G2 DataType (DT_ANY = 24 exists only in G3 contracts)");
    }
    return tensor(at, name, dtypeNumber, shape);
  }

  /** A tensor field; the dtype number as G3 has it, so 24 is DT_ANY. */
  static Field tensor(Location at, String name, int dtypeNumber, Shape shape) throws ContractFormatException {
    requireName(at, name);
    DType dtype = DType.forWireNumber(dtypeNumber).orElseThrow(() -> at.error(
        dtypeNumber == 0 ? "dtype DT_INVALID" : "dtype " + dtypeNumber + " is not a known DataType"));
    return Field.tensor(name, dtype, shape);
  }

  /** A map field: DT_MAP with its subfields, so that serving can refuse it by name. */
  static Field map(Location at, String name, Shape shape, List<Field> subfields) throws ContractFormatException {
    requireName(at, name);
    if (subfields.isEmpty()) {
      throw at.error("subfields is empty; a map field needs at least one subfield");
    }
    return new Field(name, DType.MAP, shape, subfields);
  }

  /** A G1/G2 TensorShapeProto: unknown_rank means any rank; otherwise its dims, none for a scalar. */
  static Shape shape(TensorShapeProto shape, Location at) throws ContractFormatException {
    if (shape.getUnknownRank()) {
      if (shape.getDimCount() > 0) {
        throw at.error("shape has unknown_rank set and " + shape.getDimCount() + " dims");
      }
      return Shape.unknownRank();
    }
    long[] dims = new long[shape.getDimCount()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = shape.getDim(i).getSize();
    }
    return dims(dims, at);
  }

  /** A G3 TensorShape: its dims, none for a scalar. */
  static Shape shape(TensorShape shape, Location at) throws ContractFormatException {
    long[] dims = new long[shape.getDimsCount()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = shape.getDims(i);
    }
    return dims(dims, at);
  }

  private static Shape dims(long[] dims, Location at) throws ContractFormatException {
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] < Shape.ANY) {
        throw at.error("shape dim " + i + " is " + dims[i] + ", below -1");
      }
    }
    return Shape.of(dims);
  }

  private static void requireName(Location at, String name) throws ContractFormatException {
    if (name.isEmpty()) {
      throw at.error("has no name");
    }
  }

  private static void requireUniqueNames(List<Field> fields, String kind, Location at)
      throws ContractFormatException {
    Set<String> seen = new HashSet<>();
    for (Field f : fields) {
      if (!seen.add(f.name())) {
        throw at.error("two " + kind + "s are named '" + f.name() + "'");
      }
    }
  }
}
