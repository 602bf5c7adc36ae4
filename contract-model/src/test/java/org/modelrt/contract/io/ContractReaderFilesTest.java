package org.modelrt.contract.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelrt.contract.Contract;
import org.modelrt.contract.ContractFormatException;
import org.modelrt.contract.Signature;

/** Files on disk: the format by extension, and the one contract file of a model directory. */
class ContractReaderFilesTest {
  @TempDir Path dir;

  @Test
  void readsEachFormatByItsExtension() throws Exception {
    byte[] binary = Files.readAllBytes(RealContractFixturesTest.fixture("L2-lstm.protobin"));
    String text = Files.readString(RealContractFixturesTest.fixture("lstm.prototxt"));
    String json = Files.readString(RealContractFixturesTest.fixture("lstm.json"));

    for (String name : new String[] {"c.pb", "c.PROTOBIN"}) {
      assertEquals("infer", firstSignature(ContractReader.read(Files.write(dir.resolve(name), binary))), name);
    }
    assertEquals("infer", firstSignature(ContractReader.read(Files.writeString(dir.resolve("c.pbtxt"), text))));
    assertEquals("infer", firstSignature(ContractReader.read(Files.writeString(dir.resolve("c.json"), json))));
  }

  @Test
  void refusesAnUnknownExtension() throws Exception {
    Path file = Files.writeString(dir.resolve("contract.yaml"), "signature_name: add");

    ContractFormatException e = assertThrows(ContractFormatException.class, () -> ContractReader.read(file));

    assertEquals(file + ": unknown contract file extension; expected one of protobin, pb (binary), prototxt, "
        + "pbtxt (text format), json", e.getMessage());
  }

  @Test
  void refusesTextThatIsNotUtf8() throws Exception {
    Path file = Files.write(dir.resolve("contract.prototxt"), new byte[] {'#', ' ', (byte) 0xff, '\n'});

    ContractFormatException e = assertThrows(ContractFormatException.class, () -> ContractReader.read(file));

    assertTrue(e.getMessage().startsWith(file + ": is not UTF-8 text: "), e.getMessage());
  }

  @Test
  void refusesAFileTooBigToBeAContractWithoutReadingIt() throws Exception {
    Path file = dir.resolve("contract.protobin");
    try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
      sparse.setLength(ContractReader.MAX_FILE_BYTES + 1);
    }

    ContractFormatException e = assertThrows(ContractFormatException.class, () -> ContractReader.read(file));

    assertEquals(file + ": is not a Hydrosphere contract (the file is 16777217 bytes; a contract is at most "
        + "16777216)", e.getMessage());
  }

  @Test
  void aModelDirectoryWithoutAContractHasNone() throws Exception {
    Files.createDirectory(dir.resolve("files"));

    assertEquals(Optional.empty(), ContractReader.readFromModelDir(dir));
  }

  @Test
  void aModelDirectoryHasItsOneContractInAnyFormat() throws Exception {
    Files.copy(RealContractFixturesTest.fixture("L3-calculator.protobin"), dir.resolve("contract.protobin"));
    assertEquals("add", firstSignature(ContractReader.readFromModelDir(dir).orElseThrow()));

    Files.delete(dir.resolve("contract.protobin"));
    Files.copy(RealContractFixturesTest.fixture("lstm.prototxt"), dir.resolve("contract.prototxt"));
    assertEquals("infer", firstSignature(ContractReader.readFromModelDir(dir).orElseThrow()));

    Files.delete(dir.resolve("contract.prototxt"));
    Files.copy(RealContractFixturesTest.fixture("calculator-g3.json"), dir.resolve("contract.json"));
    assertEquals("add", firstSignature(ContractReader.readFromModelDir(dir).orElseThrow()));
  }

  @Test
  void refusesAModelDirectoryWithSeveralContracts() throws Exception {
    Files.copy(RealContractFixturesTest.fixture("L3-calculator.protobin"), dir.resolve("contract.protobin"));
    Files.copy(RealContractFixturesTest.fixture("calculator-g3.json"), dir.resolve("contract.json"));

    ContractFormatException e =
        assertThrows(ContractFormatException.class, () -> ContractReader.readFromModelDir(dir));

    assertEquals(dir + ": has several contract files [contract.protobin, contract.json]; keep one", e.getMessage());
  }

  @Test
  void reportsTheFileOfABrokenContractInAModelDirectory() throws Exception {
    Path file = Files.write(dir.resolve("contract.protobin"), new byte[] {0x0a, 0x03, 'a', 'b', 'c'});

    ContractFormatException e =
        assertThrows(ContractFormatException.class, () -> ContractReader.readFromModelDir(dir));

    assertEquals(file + ": no signatures", e.getMessage());
  }

  private static String firstSignature(Contract contract) {
    return contract.signatures().stream().map(Signature::name).findFirst().orElseThrow();
  }
}
