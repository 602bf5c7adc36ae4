package org.modelrt.serving;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads a TFRecord file: records of {@code uint64 length, uint32 masked crc32c(length), data, uint32 masked
 * crc32c(data)}, little-endian, both checksums verified. Errors name the record (0-based index) and its byte offset.
 * Stateless.
 */
final class TfRecordReader {
  private static final int MASK_DELTA = 0xa282ead8;

  private TfRecordReader() {}

  /**
   * Every record of the file, at most {@code maxRecords}.
   *
   * @throws IOException when the file cannot be read, is truncated, fails a checksum or holds more records
   */
  static List<byte[]> read(Path file, int maxRecords) throws IOException {
    List<byte[]> records = new ArrayList<>();
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      long offset = 0;
      byte[] header = new byte[12];
      for (int index = 0; ; index++) {
        int got = in.readNBytes(header, 0, header.length);
        if (got == 0) {
          return records; // a clean end, at a record boundary
        }
        if (records.size() == maxRecords) {
          throw new IOException("more than " + maxRecords + " records (the most TF Serving replays)");
        }
        String where = "record " + index + " (at byte " + offset + ")";
        if (got < header.length) {
          throw new EOFException(where + " is truncated: its header has " + got + " of 12 bytes");
        }
        ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        long length = h.getLong(0);
        if (h.getInt(8) != maskedCrc(header, 0, 8)) {
          throw new IOException(where + ": the checksum of its length does not match (corrupted, or not TFRecord)");
        }
        if (length < 0 || length > Integer.MAX_VALUE - 8) {
          throw new IOException(where + ": length " + Long.toUnsignedString(length) + " is too large");
        }
        byte[] data = in.readNBytes((int) length);
        byte[] footer = in.readNBytes(4);
        if (data.length < length || footer.length < 4) {
          throw new EOFException(where + " is truncated: it declares " + length + " bytes of data");
        }
        if (ByteBuffer.wrap(footer).order(ByteOrder.LITTLE_ENDIAN).getInt() != maskedCrc(data, 0, data.length)) {
          throw new IOException(where + ": the checksum of its data does not match (corrupted)");
        }
        records.add(data);
        offset += header.length + length + footer.length;
      }
    }
  }

  /** TFRecord's masked CRC-32C: rotated right by 15 bits, plus a constant (so a CRC of CRCs is not trivial). */
  static int maskedCrc(byte[] bytes, int from, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, from, length);
    int value = (int) crc.getValue();
    return ((value >>> 15) | (value << 17)) + MASK_DELTA;
  }
}
