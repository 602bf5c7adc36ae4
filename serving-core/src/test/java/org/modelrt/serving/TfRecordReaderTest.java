package org.modelrt.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TFRecord framing: records back as written, and every corruption named by its record. */
final class TfRecordReaderTest {
  @TempDir Path dir;

  private Path file(byte[] bytes) throws IOException {
    return Files.write(dir.resolve("records"), bytes);
  }

  private static final List<byte[]> RECORDS = List.of(
      "first".getBytes(StandardCharsets.UTF_8), new byte[0], "third record".getBytes(StandardCharsets.UTF_8));

  @Test
  void crc32cIsCastagnoli() {
    CRC32C crc = new CRC32C();
    crc.update("123456789".getBytes(StandardCharsets.US_ASCII));
    assertEquals(0xE3069283L, crc.getValue()); // the standard check value of CRC-32C
  }

  @Test
  void readsEveryRecord_inOrder() throws IOException {
    List<byte[]> read = TfRecordReader.read(file(TfRecords.of(RECORDS)), 10);
    assertEquals(3, read.size());
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(RECORDS.get(i), read.get(i));
    }
    assertEquals(List.of(), TfRecordReader.read(file(new byte[0]), 10));
  }

  @Test
  void aTruncatedFile_namesTheRecord() throws IOException {
    byte[] whole = TfRecords.of(RECORDS);
    IOException inData = assertThrows(IOException.class,
        () -> TfRecordReader.read(file(Arrays.copyOf(whole, whole.length - 3)), 10));
    assertTrue(inData.getMessage().startsWith("record 2 (at byte 37) is truncated"), inData.getMessage());

    IOException inHeader = assertThrows(IOException.class,
        () -> TfRecordReader.read(file(Arrays.copyOf(whole, 16 + 5 + 5)), 10));
    assertTrue(inHeader.getMessage().startsWith("record 1 (at byte 21) is truncated"), inHeader.getMessage());
  }

  @Test
  void aWrongChecksum_namesTheRecord() throws IOException {
    byte[] data = TfRecords.of(RECORDS);
    data[12] ^= 1; // the first byte of record 0's data
    IOException e = assertThrows(IOException.class, () -> TfRecordReader.read(file(data), 10));
    assertTrue(e.getMessage().startsWith("record 0 (at byte 0): the checksum of its data"), e.getMessage());

    byte[] length = TfRecords.of(RECORDS);
    length[21] ^= 1; // record 1's length
    e = assertThrows(IOException.class, () -> TfRecordReader.read(file(length), 10));
    assertTrue(e.getMessage().startsWith("record 1 (at byte 21): the checksum of its length"), e.getMessage());
  }

  @Test
  void moreRecordsThanTheLimit_isRefused() throws IOException {
    IOException e = assertThrows(IOException.class, () -> TfRecordReader.read(file(TfRecords.of(RECORDS)), 2));
    assertTrue(e.getMessage().contains("more than 2 records"), e.getMessage());
  }
}
