package org.modelrt.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.modelrt.contract.DType;

/**
 * A tensor of an expected.json case: dtype, shape and row-major values ({@code double[]} for floats, {@code long[]}
 * for integers, {@code byte[][]} for strings, which cross DJL through {@link StringTensors}).
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
      case STRING -> StringTensors.create(manager, (byte[][]) values, djlShape);
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
        byte[][] got = StringTensors.bytes(actual);
        byte[][] want = (byte[][]) values;
        assertEquals(want.length, got.length, label + " count");
        for (int i = 0; i < want.length; i++) {
          assertArrayEquals(want[i], got[i], label + " value " + i);
        }
      }
      default -> throw new IllegalArgumentException("no case form for " + dtype);
    }
  }
}
