package org.modelrt.serving.batching;

import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * TF Serving's pad_variable_length_inputs, on bytes: each call's input is padded at the end of every dimension but
 * the first up to the largest size of that dimension in the batch, with the input's own first element. Upstream
 * (tensorflow/serving, tensorflow_serving/batching/batching_util.cc, at 03f8b6b5):
 *
 * <pre>
 *   if (i &gt; 0 &amp;&amp; max_dim_sizes[i] - tensor.dim_size(i) &gt; 0) {
 *     padding[i] = {0, max_dim_sizes[i] - tensor.dim_size(i)};   // CreatePadding: after, never before
 *   ...
 *   T pad_value(input.flat&lt;T&gt;()(0));  // using existing values in padding
 *   output-&gt;tensor&lt;T, num_dims&gt;() = inputs.pad(padding, pad_value);
 * </pre>
 *
 * with the largest sizes from {@code CalculateMaxDimSizes} over the batch's tasks (batching_session.cc,
 * {@code MergeInputTensors}). Outputs are split by rows and keep the padding. Unlike upstream, any rank is padded
 * (it stops at 6), and only the tasks that run count towards the largest sizes (not those withdrawn). Stateless.
 */
final class Padding {
  private Padding() {}

  /** The largest size of each dimension over {@code shapes} (all of one rank). */
  static Shape largest(List<Shape> shapes) {
    long[] max = shapes.get(0).getShape().clone();
    for (Shape shape : shapes) {
      for (int d = 0; d < max.length; d++) {
        max[d] = Math.max(max[d], shape.get(d));
      }
    }
    return new Shape(max);
  }

  /**
   * Puts {@code rows} rows of shape {@code from} (the bytes of {@code source}, from its position) into {@code
   * target} at its position as rows of shape {@code to}, each dimension of which is at least {@code from}'s: every
   * element {@code to} adds is the source's first element. Advances {@code target}'s position past them.
   */
  static void put(ByteBuffer target, ByteBuffer source, long rows, Shape from, Shape to, int elementBytes) {
    int start = target.position();
    int bytes = Math.toIntExact(rows * to.size() * elementBytes);
    if (source.remaining() < elementBytes) { // BatchKey runs a call with an empty input alone when padding
      throw new IllegalStateException("an empty input has no first element to pad with");
    }
    fill(target, start, bytes, source, elementBytes);
    int rank = from.dimension();
    if (rank > 0 && from.size() > 0) {
      // copy each innermost line of the source to where the same indices are in the padded rows
      int lineBytes = Math.toIntExact(from.get(rank - 1) * elementBytes);
      long[] strides = new long[rank]; // the padded rows' stride of each dimension, in bytes
      strides[rank - 1] = elementBytes;
      for (int d = rank - 2; d >= 0; d--) {
        strides[d] = strides[d + 1] * to.get(d + 1);
      }
      long rowStride = strides[0] * to.get(0);
      long[] index = new long[rank];
      long linesPerRow = from.size() / from.get(rank - 1);
      int read = source.position();
      for (long line = 0; line < rows * linesPerRow; line++) {
        long row = line / linesPerRow;
        long offset = row * rowStride;
        for (int d = 0; d < rank - 1; d++) {
          offset += index[d] * strides[d];
        }
        target.put(Math.toIntExact(start + offset), source, read, lineBytes);
        read += lineBytes;
        for (int d = rank - 2; d >= 0; d--) { // the next line's indices, the last of the outer dimensions first
          if (++index[d] < from.get(d)) {
            break;
          }
          index[d] = 0;
        }
      }
    }
    target.position(start + bytes);
  }

  /** Fills {@code bytes} bytes of {@code target} from {@code start} with the source's first element, doubling. */
  private static void fill(ByteBuffer target, int start, int bytes, ByteBuffer source, int elementBytes) {
    if (bytes == 0) {
      return;
    }
    target.put(start, source, source.position(), elementBytes);
    ByteBuffer filledPart = target.duplicate();
    for (int filled = elementBytes; filled < bytes; filled *= 2) {
      target.put(start + filled, filledPart, start, Math.min(filled, bytes - filled));
    }
  }
}
