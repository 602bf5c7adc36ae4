package org.modelrt.engine;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.modelrt.contract.DType;

/**
 * A tensor of an expected.json case: dtype, shape and row-major values ({@code double[]} for floats, {@code long[]}
 * for integers, {@code byte[][]} for strings). Byte strings cross DJL as ISO-8859-1 strings, one char per byte, so
 * bytes that are not UTF-8 survive.
 */
record CaseTensor(DType dtype, long[] shape, Object values) {

  /** The tensor as an array in {@code manager}. */
  NDArray toNDArray(NDManager manager) {
    Shape djlShape = new Shape(shape);
    return switch (dtype) {
      case FLOAT -> {
        double[] doubles = (double[]) values;
        float[] floats = new float[doubles.length];
        for (int i = 0; i < floats.length; i++) {
          floats[i] = (float) doubles[i];
        }
        yield manager.create(floats, djlShape);
      }
      case INT64 -> manager.create((long[]) values, djlShape);
      case INT32 -> manager.create(Arrays.stream((long[]) values).mapToInt(Math::toIntExact).toArray(), djlShape);
      case STRING -> {
        byte[][] bytes = (byte[][]) values;
        String[] strings = new String[bytes.length];
        for (int i = 0; i < strings.length; i++) {
          strings[i] = new String(bytes[i], ISO_8859_1);
        }
        yield manager.create(strings, ISO_8859_1, djlShape);
      }
      default -> throw new IllegalArgumentException("no case form for " + dtype);
    };
  }

  /** Asserts {@code actual} has this dtype, shape and values (floats within the tolerance). */
  void assertMatches(NDArray actual, double tolerance, String label) {
    assertEquals(DjlTypes.toDjl(dtype).orElseThrow(), actual.getDataType(), label + " dtype");
    assertArrayEquals(shape, actual.getShape().getShape(), label + " shape");
    switch (dtype) {
      case FLOAT -> {
        double[] want = (double[]) values;
        float[] got = actual.toFloatArray();
        for (int i = 0; i < want.length; i++) {
          assertEquals(want[i], got[i], tolerance * Math.max(1, Math.abs(want[i])), label + " value " + i);
        }
      }
      case INT64 -> assertArrayEquals((long[]) values, actual.toLongArray(), label);
      case INT32 -> assertArrayEquals(
          (long[]) values, Arrays.stream(actual.toIntArray()).asLongStream().toArray(), label);
      case STRING -> {
        String[] got = actual.toStringArray(ISO_8859_1);
        byte[][] want = (byte[][]) values;
        assertEquals(want.length, got.length, label + " count");
        for (int i = 0; i < want.length; i++) {
          assertArrayEquals(want[i], got[i].getBytes(ISO_8859_1), label + " value " + i);
        }
      }
      default -> throw new IllegalArgumentException("no case form for " + dtype);
    }
  }
}
