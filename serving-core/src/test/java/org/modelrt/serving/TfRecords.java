package org.modelrt.serving;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Writes TFRecord bytes for tests, from the format's description (tensorflow/core/lib/io/record_writer.cc), not from
 * {@link TfRecordReader}: uint64 length, masked crc32c of it, data, masked crc32c of the data.
 */
final class TfRecords {
  private TfRecords() {}

  static byte[] of(List<byte[]> records) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] data : records) {
      byte[] length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(data.length).array();
      out.writeBytes(length);
      out.writeBytes(le32(masked(length)));
      out.writeBytes(data);
      out.writeBytes(le32(masked(data)));
    }
    return out.toByteArray();
  }

  private static long masked(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    long c = crc.getValue();
    return ((((c >> 15) | (c << 17)) & 0xffffffffL) + 0xa282ead8L) & 0xffffffffL;
  }

  private static byte[] le32(long value) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) value).array();
  }
}
