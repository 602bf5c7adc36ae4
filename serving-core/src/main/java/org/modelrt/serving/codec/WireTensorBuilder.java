package org.modelrt.serving.codec;

import com.google.protobuf.ByteString;

/**
 * Write access to a new wire tensor of one generation: the counterpart of {@link WireTensor}. Appends one primitive
 * value at a time (no boxing) or the raw content in one piece. Not thread-safe: one builder per tensor.
 *
 * @param <T> the message type built
 */
interface WireTensorBuilder<T> {

  void setDtype(int wireNumber);

  /** Sets the shape; always called, so that even a scalar carries a present, empty shape. */
  void setShape(long[] dims);

  void setContent(ByteString content);

  void addFloat(float value);

  void addDouble(double value);

  void addInt(int value);

  void addInt64(long value);

  void addBool(boolean value);

  void addHalf(int bits);

  void addUint32(int value);

  void addUint64(long value);

  void addScomplex(float value);

  void addString(ByteString value);

  T build();
}
