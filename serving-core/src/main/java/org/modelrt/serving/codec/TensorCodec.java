package org.modelrt.serving.codec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.modelrt.contract.DType;
import org.modelrt.contract.Field;
import org.modelrt.contract.InvalidRequestException;
import org.modelrt.contract.TensorHeader;
import org.modelrt.contract.ValidatedInput;
import org.modelrt.engine.DTypeTable;
import org.modelrt.engine.StringTensors;

/**
 * Wire tensor to NDArray and back, for every generation ({@link WireFormat}) and every dtype an engine takes.
 *
 * <p>Decoding copies {@code tensor_content} / {@code binary_val} into a direct little-endian buffer in one bulk copy,
 * or writes the typed {@code *_val} values into it without boxing, then creates the array in the request scope. The
 * buffer is lent by {@link DecodeBuffers} until the scope closes (engines may wrap it without copying).
 * Strings go through the engine adapter's {@code StringTensors}, the one place that knows how each engine holds them
 * (any bytes on TensorFlow, UTF-8 text on ONNX Runtime). Encoding always sets a shape (the
 * contract's or the real one, {@link OutputShape}) and writes the values typed, or as raw content when asked (never
 * for strings, which have no raw form).
 *
 * <p>Stateless and thread-safe. Arrays it creates belong to the given scope, which the caller closes.
 */
public final class TensorCodec {
  /** The largest direct buffer one tensor may take (a Java array index limit, less a margin). */
  private static final long MAX_BYTES = Integer.MAX_VALUE - 8;

  private TensorCodec() {}

  /**
   * Creates the array for one validated input.
   *
   * @param header the tensor's header, as validated
   * @param input the validation result: field, concrete shape, whether one value fills the shape
   * @param scope the request scope that will own the array
   * @throws InvalidRequestException when the tensor's values do not fill the shape, or the dtype has no engine type
   */
  public static <T> NDArray decode(
      WireFormat<T> format, T tensor, TensorHeader header, ValidatedInput input, NDManager scope) {
    Field field = input.field();
    long[] dims = input.shape();
    int n = elementCount(field, dims);
    WireTensor view = format.view(tensor);
    if (field.dtype() == DType.STRING) {
      requireValues(field, header, input.broadcast() ? 1 : n);
      return strings(field, view, n, input.broadcast(), scope, new Shape(dims));
    }
    ElementCodec codec = ElementCodec.forField(field.dtype(), header.valueField());
    DataType djlType = DTypeTable.toDjl(field.dtype()).orElse(null);
    if (codec == null || djlType == null) {
      throw new InvalidRequestException(
          "input '" + field.name() + "': " + field.dtype() + " tensors cannot be passed to an engine");
    }
    ByteBuffer buffer = DecodeBuffers.SHARED.lend(n * field.dtype().elementSize(), scope);
    if (header.encoding() == TensorHeader.Encoding.CONTENT) {
      copyContent(field, view.content(), n, input.broadcast(), buffer);
    } else {
      requireValues(field, header, (input.broadcast() ? 1 : n) * field.dtype().valueField().valuesPerElement());
      codec.decodeTyped(view, n, input.broadcast(), buffer);
    }
    buffer.flip();
    return scope.create(buffer, new Shape(dims), djlType);
  }

  /**
   * The wire tensor of one output: the contract's dtype, the shape {@link OutputShape} picks, values typed or as raw
   * content.
   *
   * @throws IllegalStateException when the engine's array is not of the contract's dtype (a model/contract mismatch)
   */
  public static <T> T encode(WireFormat<T> format, NDArray array, Field field, boolean asContent) {
    DType dtype = field.dtype();
    DType actual = DTypeTable.fromDjl(array.getDataType()).orElse(null);
    ElementCodec codec = ElementCodec.forType(dtype);
    if (actual != dtype || (codec == null && dtype != DType.STRING)) {
      throw new IllegalStateException("the engine returned " + array.getDataType() + " for output '"
          + field.name() + "', the contract says " + dtype);
    }
    WireTensorBuilder<T> out = format.newBuilder();
    out.setDtype(dtype.wireNumber());
    out.setShape(OutputShape.of(field.shape(), array.getShape().getShape()));
    if (dtype == DType.STRING) {
      for (byte[] value : StringTensors.bytes(array)) {
        out.addString(UnsafeByteOperations.unsafeWrap(value)); // fresh arrays, never written again
      }
    } else if (asContent) {
      out.setContent(ByteString.copyFrom(array.toByteBuffer()));
    } else {
      codec.encodeTyped(array.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN), Math.toIntExact(array.size()), out);
    }
    return out.build();
  }

  private static int elementCount(Field field, long[] dims) {
    long n = 1;
    for (long d : dims) {
      if (d < 0) {
        throw new InvalidRequestException("input '" + field.name() + "': shape "
            + org.modelrt.contract.Shape.format(dims) + " still has an unresolved -1 dim");
      }
      n = Math.multiplyExact(n, d);
    }
    long bytes = n * Math.max(1, field.dtype().elementSize());
    if (n > MAX_BYTES || bytes > MAX_BYTES) {
      throw new InvalidRequestException("input '" + field.name() + "': " + n + " elements of " + field.dtype()
          + " exceed the largest tensor this server takes (" + MAX_BYTES + " bytes)");
    }
    return (int) n;
  }

  private static void copyContent(Field field, ByteString content, int n, boolean broadcast, ByteBuffer dst) {
    int size = field.dtype().elementSize();
    int expected = broadcast ? size : n * size;
    if (content.size() != expected) {
      throw new InvalidRequestException("input '" + field.name() + "': tensor_content holds " + content.size()
          + " bytes, " + (broadcast ? "one" : Integer.toString(n)) + " " + field.dtype() + " element"
          + (broadcast ? "" : "s") + " take " + expected);
    }
    if (!broadcast) {
      content.copyTo(dst);
      return;
    }
    ByteBuffer one = content.asReadOnlyByteBuffer();
    for (int i = 0; i < n; i++) {
      dst.put(one.rewind());
    }
  }

  private static void requireValues(Field field, TensorHeader header, long needed) {
    if (header.valueCount() < needed) {
      DType.ValueField read = header.valueField() != null ? header.valueField() : field.dtype().valueField();
      throw new InvalidRequestException("input '" + field.name() + "': " + read.wireName() + " holds "
          + header.valueCount() + " values, " + needed + " needed");
    }
  }

  private static NDArray strings(
      Field field, WireTensor view, int n, boolean broadcast, NDManager scope, Shape shape) {
    byte[][] values = new byte[n][];
    for (int i = 0; i < n; i++) {
      values[i] = view.stringAt(broadcast ? 0 : i).toByteArray();
    }
    try {
      return StringTensors.create(scope, values, shape);
    } catch (InvalidRequestException e) {
      throw new InvalidRequestException("input '" + field.name() + "': " + e.getMessage());
    }
  }
}
