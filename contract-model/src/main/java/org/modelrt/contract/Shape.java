package org.modelrt.contract;

import java.util.Arrays;

/**
 * Shape of a contract field or a request tensor.
 *
 * <p>A dim of {@link #ANY} (-1) matches any size. An unknown-rank shape (absent in the contract) matches any rank.
 * Zero dims is a scalar. Immutable and thread-safe.
 */
public final class Shape {
  /** The dim size that matches any size. */
  public static final long ANY = -1;

  private static final Shape UNKNOWN_RANK = new Shape(null);
  private static final Shape SCALAR = new Shape(new long[0]);

  private final long[] dims;

  private Shape(long[] dims) {
    this.dims = dims;
  }

  /** A shape of any rank and any size (a contract field whose shape is absent). */
  public static Shape unknownRank() {
    return UNKNOWN_RANK;
  }

  /** A scalar: known rank 0. */
  public static Shape scalar() {
    return SCALAR;
  }

  /**
   * A shape of known rank.
   *
   * @throws IllegalArgumentException if a dim is below -1
   */
  public static Shape of(long... dims) {
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] < ANY) {
        throw new IllegalArgumentException("dim " + i + " is " + dims[i] + ", below -1");
      }
    }
    return dims.length == 0 ? SCALAR : new Shape(dims.clone());
  }

  /** Whether the rank is known. */
  public boolean hasKnownRank() {
    return dims != null;
  }

  /**
   * The rank.
   *
   * @throws IllegalStateException for an unknown-rank shape
   */
  public int rank() {
    requireKnownRank();
    return dims.length;
  }

  /** The size of dim {@code i}, or {@link #ANY}. */
  public long dim(int i) {
    requireKnownRank();
    return dims[i];
  }

  /** A copy of the dims. */
  public long[] dims() {
    requireKnownRank();
    return dims.clone();
  }

  /** Whether the rank is known and no dim is {@link #ANY}. */
  public boolean isFullyDefined() {
    if (dims == null) {
      return false;
    }
    for (long d : dims) {
      if (d == ANY) {
        return false;
      }
    }
    return true;
  }

  /** Whether this is a scalar (known rank 0). */
  public boolean isScalar() {
    return dims != null && dims.length == 0;
  }

  /** Whether concrete {@code actual} dims fit this shape: same rank (if known) and equal sizes where not {@link #ANY}. */
  public boolean accepts(long[] actual) {
    if (dims == null) {
      return true;
    }
    if (dims.length != actual.length) {
      return false;
    }
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] != ANY && dims[i] != actual[i]) {
        return false;
      }
    }
    return true;
  }

  private void requireKnownRank() {
    if (dims == null) {
      throw new IllegalStateException("shape has unknown rank");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape other && Arrays.equals(dims, other.dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  /** {@code [-1,4]}, {@code []} for a scalar, {@code <any rank>} for an unknown rank. */
  @Override
  public String toString() {
    return dims == null ? "<any rank>" : format(dims);
  }

  /** Formats dims the way every message shows them: {@code [2,3]}. */
  public static String format(long[] dims) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < dims.length; i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(dims[i]);
    }
    return b.append(']').toString();
  }
}
