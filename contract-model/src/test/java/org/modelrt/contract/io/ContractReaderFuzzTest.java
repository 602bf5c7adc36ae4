package org.modelrt.contract.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.modelrt.contract.Contract;
import org.modelrt.contract.ContractFormatException;

/**
 * Coverage-guided fuzzing of the contract readers on arbitrary input: binary {@code contract.protobin} of every
 * layout (L0 to L3, detected from the bytes), the text and the JSON forms. A reader may accept a contract or refuse
 * it with a {@link ContractFormatException}; anything else it throws (or a hang, or running out of memory) is a
 * finding. In {@code mvn verify} each target runs its committed inputs under
 * {@code src/test/resources/org/modelrt/contract/io/ContractReaderFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes one
 * target for real (README "Fuzzing").
 */
class ContractReaderFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void binary(byte[] bytes) {
    try {
      check(ContractReader.readBinary(bytes, "fuzz.protobin"));
    } catch (ContractFormatException refused) {
      checkMessage(refused);
    }
  }

  @FuzzTest(maxDuration = "30s")
  void text(byte[] bytes) {
    try {
      check(ContractReader.readText(new String(bytes, StandardCharsets.UTF_8), "fuzz.prototxt"));
    } catch (ContractFormatException refused) {
      checkMessage(refused);
    }
  }

  @FuzzTest(maxDuration = "30s")
  void json(byte[] bytes) {
    try {
      check(ContractReader.readJson(new String(bytes, StandardCharsets.UTF_8), "fuzz.json"));
    } catch (ContractFormatException refused) {
      checkMessage(refused);
    }
  }

  /** An accepted contract is usable: at least one signature, and asking for its default never throws otherwise. */
  private static void check(Contract contract) {
    if (contract.signatures().isEmpty()) {
      throw new AssertionError("a contract without signatures was accepted");
    }
    contract.defaultSignature();
    contract.toString();
  }

  private static void checkMessage(ContractFormatException refused) {
    if (refused.getMessage() == null || refused.getMessage().isBlank()) {
      throw new AssertionError("a refusal without a reason", refused);
    }
  }
}
