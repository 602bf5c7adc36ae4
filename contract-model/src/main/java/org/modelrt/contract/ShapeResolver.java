package org.modelrt.contract;

import org.modelrt.contract.DType.ValueField;

/**
 * Turns a request's dims and its value count (or content length) into the concrete shape to decode into, checking
 * them against the contract field's shape and the element limit. All arithmetic is exact: a product that overflows a
 * long is refused, never wrapped. Thread-safe: holds only the limit.
 */
final class ShapeResolver {
  private static final int NONE = -1;
  private static final long[] SCALAR = new long[0];

  private final long maxElements;

  ShapeResolver(long maxElements) {
    this.maxElements = maxElements;
  }

  /**
   * Typed values: their count must equal the shape's product, fill its one -1, or be a single value to broadcast.
   * {@code sent} is the request's dims, or {@code null} for a tensor without tensor_shape (see {@link #shapeless}).
   */
  ValidatedInput fromValues(Field field, long[] sent, ValueField valueField, long valueCount) {
    String input = field.name();
    long[] dims = sent != null ? sent : shapeless(field, elements(input, valueField, valueCount),
        valueCount + " values in " + valueField.wireName());
    int inferAt = inferredDim(input, dims);
    long known = knownProduct(input, dims, inferAt);
    matchContract(field, dims);
    int perElement = valueField.valuesPerElement();
    long elements = elements(input, valueField, valueCount);
    if (valueField == ValueField.STRING_VAL) {
      return exactStrings(field, dims, inferAt, known, elements);
    }
    if (inferAt != NONE) {
      return inferred(field, dims, inferAt, known, elements);
    }
    if (elements == known) {
      return new ValidatedInput(field, dims, false);
    }
    if (elements == 1 && known > 1) {
      return new ValidatedInput(field, dims, true);
    }
    String pairs = perElement == 1 ? "" : " (" + known + " (real, imaginary) pairs)";
    throw InputCheck.refuse(input, "received shape " + Shape.format(dims) + " needs "
        + exactProduct(input, dims, known, perElement) + " values in " + valueField.wireName() + pairs + ", received "
        + valueCount);
  }

  /**
   * DT_STRING values: the shape states every dim and holds exactly the values sent. Strings are never inferred
   * into a -1 nor broadcast (as TensorFlow's own TensorShape check refuses -1): a string tensor's values vary in
   * size, so its shape is the only record of its structure, and a shape that disagrees with its values is a caller
   * error, not something to repair.
   */
  private ValidatedInput exactStrings(Field field, long[] dims, int inferAt, long known, long elements) {
    String input = field.name();
    if (inferAt != NONE) {
      throw InputCheck.refuse(input, "expected shape " + field.shape() + " with every dim stated, received "
          + Shape.format(dims) + ": dim " + inferAt + " is -1; a DT_STRING shape must give every dim (" + elements
          + " values in string_val)");
    }
    if (elements != known) {
      throw InputCheck.refuse(input, "received shape " + Shape.format(dims) + " needs " + known
          + " values in string_val, received " + elements);
    }
    return new ValidatedInput(field, dims, false);
  }

  /**
   * Raw content: its length must be the shape's product times the element size, or fill its one -1. {@code sent} is
   * the request's dims, or {@code null} for a tensor without tensor_shape (see {@link #shapeless}).
   */
  ValidatedInput fromContent(Field field, DType dtype, long[] sent, long contentBytes) {
    String input = field.name();
    if (!dtype.hasFixedSize()) {
      throw InputCheck.refuse(input, dtype + " has no fixed element size, so it cannot travel in "
          + "tensor_content/binary_val (received " + contentBytes + " bytes); send " + dtype.valueField().wireName());
    }
    long[] dims = sent != null ? sent : shapeless(field, elements(input, dtype, contentBytes),
        contentBytes + " bytes of tensor_content/binary_val");
    int inferAt = inferredDim(input, dims);
    long known = knownProduct(input, dims, inferAt);
    matchContract(field, dims);
    int size = dtype.elementSize();
    if (inferAt != NONE) {
      return inferred(field, dims, inferAt, known, elements(input, dtype, contentBytes));
    }
    long expected = exactProduct(input, dims, known, size);
    if (contentBytes != expected) {
      throw InputCheck.refuse(input, "received shape " + Shape.format(dims) + " of " + dtype + " needs " + expected
          + " bytes of tensor_content/binary_val, received " + contentBytes);
    }
    return new ValidatedInput(field, dims, false);
  }

  /**
   * The dims of a tensor sent without tensor_shape, from its element count. TensorFlow reads it as a scalar, and one
   * element stays one. Hydrosphere 2.x/3.x gateways send no tensor_shape for a contract field of dynamic shape (unknown
   * rank), its values flattened row-major (docs/hydrosphere-upstream.md, "Shapes and values"), so under such a field
   * any other count is a 1-D tensor of that many elements. Under a known rank only a scalar fits, and only with one
   * element.
   */
  private long[] shapeless(Field field, long elements, String received) {
    Shape expected = field.shape();
    if (elements == 1 && (!expected.hasKnownRank() || expected.isScalar())) {
      return SCALAR;
    }
    if (expected.hasKnownRank()) {
      throw InputCheck.refuse(field.name(), "expected shape " + expected + ", received a tensor without "
          + "tensor_shape, read as a scalar (1 value), with " + received + "; send its tensor_shape");
    }
    if (elements > maxElements) {
      throw InputCheck.refuse(field.name(), "received no tensor_shape and " + received + ", read as [" + elements
          + "]: " + elements + " elements, over the limit of " + maxElements + " per input");
    }
    return new long[] {elements};
  }

  /** How many elements typed values make; complex values must come in whole (real, imaginary) pairs. */
  private static long elements(String input, ValueField valueField, long valueCount) {
    int perElement = valueField.valuesPerElement();
    if (valueCount % perElement != 0) {
      throw InputCheck.refuse(input, valueField.wireName() + " holds " + valueCount
          + " values, not whole (real, imaginary) pairs");
    }
    return valueCount / perElement;
  }

  /** How many elements raw content makes; it must be whole elements. */
  private static long elements(String input, DType dtype, long contentBytes) {
    int size = dtype.elementSize();
    if (contentBytes % size != 0) {
      throw InputCheck.refuse(input, "tensor_content/binary_val is " + contentBytes + " bytes, not a whole number of "
          + size + "-byte " + dtype + " elements");
    }
    return contentBytes / size;
  }

  /** The index of the one -1 dim, or {@link #NONE}; any other negative dim, or a second -1, is refused. */
  private static int inferredDim(String input, long[] dims) {
    int at = NONE;
    for (int i = 0; i < dims.length; i++) {
      long d = dims[i];
      if (d == Shape.ANY) {
        if (at != NONE) {
          throw InputCheck.refuse(input, "received shape " + Shape.format(dims) + " has dims " + at + " and " + i
              + " of -1; at most one can be inferred from the value count");
        }
        at = i;
      } else if (d < 0) {
        throw InputCheck.refuse(input, "received shape " + Shape.format(dims) + ": dim " + i + " is " + d
            + "; a dim is a size of 0 or more, or -1 to infer it from the value count");
      }
    }
    return at;
  }

  /** The product of every dim but the inferred one; without one, it is the element count and must be in limit. */
  private long knownProduct(String input, long[] dims, int inferAt) {
    long product = 1;
    for (int i = 0; i < dims.length; i++) {
      if (i != inferAt) {
        product = exactProduct(input, dims, product, dims[i]);
      }
    }
    if (inferAt == NONE) {
      requireWithinLimit(input, dims, null, product);
    }
    return product;
  }

  private static long exactProduct(String input, long[] dims, long a, long b) {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException overflow) {
      throw InputCheck.refuse(input, "received shape " + Shape.format(dims) + " is too large to count in 64 bits");
    }
  }

  private void requireWithinLimit(String input, long[] dims, long[] inferred, long elements) {
    if (elements > maxElements) {
      String shape = Shape.format(dims) + (inferred == null ? "" : " (inferred " + Shape.format(inferred) + ")");
      throw InputCheck.refuse(input, "received shape " + shape + " has " + elements
          + " elements, over the limit of " + maxElements + " per input");
    }
  }

  /** Rank and every dim the request states; a -1 on either side matches here (an inferred dim is checked later). */
  private static void matchContract(Field field, long[] dims) {
    Shape expected = field.shape();
    if (!expected.hasKnownRank()) {
      return;
    }
    if (expected.rank() != dims.length) {
      throw InputCheck.refuse(field.name(), "expected shape " + expected + " (rank " + expected.rank()
          + "), received " + Shape.format(dims) + " (rank " + dims.length + ")");
    }
    for (int i = 0; i < dims.length; i++) {
      long want = expected.dim(i);
      if (dims[i] != Shape.ANY && want != Shape.ANY && want != dims[i]) {
        throw InputCheck.refuse(field.name(), "expected shape " + expected + ", received " + Shape.format(dims)
            + ": dim " + i + " is " + dims[i] + ", expected " + want);
      }
    }
  }

  private ValidatedInput inferred(Field field, long[] dims, int at, long known, long elements) {
    String input = field.name();
    if (known == 0) {
      throw InputCheck.refuse(input, "cannot infer dim " + at + " of received shape " + Shape.format(dims)
          + ": its other dims make 0 elements, so any size would fit");
    }
    if (elements % known != 0) {
      throw InputCheck.refuse(input, "cannot infer dim " + at + " of received shape " + Shape.format(dims) + " from "
          + elements + " elements: " + elements + " is not a multiple of " + known);
    }
    long[] resolved = dims.clone();
    resolved[at] = elements / known;
    requireWithinLimit(input, dims, resolved, elements);
    Shape expected = field.shape();
    if (expected.hasKnownRank() && expected.dim(at) != Shape.ANY && expected.dim(at) != resolved[at]) {
      throw InputCheck.refuse(input, "expected shape " + expected + ", received " + Shape.format(dims) + " with "
          + elements + " elements, which makes " + Shape.format(resolved) + ": dim " + at + " is " + resolved[at]
          + ", expected " + expected.dim(at));
    }
    return new ValidatedInput(field, resolved, false);
  }
}
