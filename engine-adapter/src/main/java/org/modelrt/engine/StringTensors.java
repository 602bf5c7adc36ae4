package org.modelrt.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.modelrt.contract.InvalidRequestException;

/**
 * DT_STRING arrays from and to byte strings, the one way modelrt moves strings through DJL, whose string API speaks
 * Java {@code String}s.
 *
 * <p>TensorFlow strings are bytes: they cross as ISO-8859-1 strings, which map each byte to one char and back, so any
 * byte string (not UTF-8, embedded NULs) reaches the model and comes back unchanged. ONNX Runtime holds each string
 * as a {@code std::string}, but its Java API takes and returns Java {@code String}s, which it converts to and from
 * UTF-8 itself: a byte string crosses as the text it encodes, so the model sees the caller's UTF-8 bytes, and bytes
 * that are not UTF-8 cannot reach it at all (refused as the caller's error, INVALID_ARGUMENT). PyTorch takes no
 * strings (refused at load time). Stateless and thread-safe.
 */
public final class StringTensors {
  private StringTensors() {}

  /**
   * A DT_STRING array in {@code scope}, which owns it.
   *
   * @param values the byte strings, row-major
   * @throws InvalidRequestException when the engine takes text only and a value is not valid UTF-8
   */
  public static NDArray create(NDManager scope, byte[][] values, Shape shape) {
    boolean binary = isBinarySafe(scope);
    String[] strings = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      strings[i] = binary ? new String(values[i], StandardCharsets.ISO_8859_1) : utf8(scope, values[i], i);
    }
    return scope.create(strings, charset(binary), shape);
  }

  /**
   * The byte strings of a DT_STRING array, row-major.
   *
   * @throws IllegalArgumentException when the array is not DT_STRING
   */
  public static byte[][] bytes(NDArray array) {
    if (array.getDataType() != DataType.STRING) {
      throw new IllegalArgumentException("array '" + array.getName() + "' is " + array.getDataType() + ", not string");
    }
    Charset charset = charset(isBinarySafe(array.getManager()));
    String[] strings = array.toStringArray(charset);
    byte[][] bytes = new byte[strings.length][];
    for (int i = 0; i < strings.length; i++) {
      bytes[i] = strings[i].getBytes(charset);
    }
    return bytes;
  }

  private static boolean isBinarySafe(NDManager manager) {
    return EngineKind.TENSORFLOW.djlName().equals(manager.getEngine().getEngineName());
  }

  private static Charset charset(boolean binary) {
    return binary ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8;
  }

  private static String utf8(NDManager scope, byte[] value, int index) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(value))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidRequestException(
          "string value " + index + " is not valid UTF-8 at byte " + firstBadByte(value) + " of " + value.length
              + "; " + scope.getEngine().getEngineName() + " takes DT_STRING as UTF-8 text only");
    }
  }

  /** The offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
  private static int firstBadByte(byte[] value) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(value);
    decoder.decode(in, CharBuffer.allocate(value.length), true);
    return in.position();
  }
}
