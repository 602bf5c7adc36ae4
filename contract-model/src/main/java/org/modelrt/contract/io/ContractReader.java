package org.modelrt.contract.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.modelrt.contract.Contract;
import org.modelrt.contract.ContractFormatException;

/**
 * Reads a model's contract from a file of any Hydrosphere generation, or from the form people write by hand.
 *
 * <ul>
 *   <li>Binary ({@code .protobin}, {@code .pb}): every contract.protobin layout found in the wild, told apart from the
 *       bytes: L0 (Nov 2017), L1 (0.0.x TensorInfo), L2 (0.1.x, repeated signatures), L2' (2.x single
 *       {@code predict}) and L3 (3.x bare ModelSignature; the contract's model name is then empty).
 *   <li>Text format ({@code .prototxt}, {@code .pbtxt}) and JSON ({@code .json}): the
 *       {@code hydrosphere.contract.ModelContract} schema with {@code signatures} or 2.x's {@code predict}, or a bare
 *       G3 {@code ModelSignature}.
 * </ul>
 * A file that is none of these, or breaks a rule (no signatures, DT_INVALID, duplicate names, a dim below -1...), gives
 * a {@link ContractFormatException} saying what and where; never an empty contract.
 *
 * <p>Stateless and thread-safe. Files are read whole and closed before returning.
 */
public final class ContractReader {
  /** The files {@link #readFromModelDir} looks for, directly in the model directory. */
  public static final List<String> MODEL_DIR_FILES = List.of("contract.protobin", "contract.prototxt", "contract.json");

  /** A contract is a few kilobytes; anything this big is not one, and is not read into memory. */
  static final long MAX_FILE_BYTES = 16L << 20;

  private ContractReader() {}

  /** Reads a contract file, its format told by its extension. */
  public static Contract read(Path file) throws ContractFormatException {
    Location at = Location.of(file.toString());
    ContractFileFormat format = ContractFileFormat.of(file.getFileName().toString());
    if (format == null) {
      throw at.error("unknown contract file extension; expected one of " + ContractFileFormat.allExtensions());
    }
    byte[] bytes = readBytes(file, at);
    return switch (format) {
      case BINARY -> BinaryContractReader.read(bytes, at);
      case TEXT -> TextContractReader.read(utf8(bytes, at), at);
      case JSON -> JsonContractReader.read(utf8(bytes, at), at);
    };
  }

  /** Reads binary contract bytes of any layout; {@code source} names them in messages. */
  public static Contract readBinary(byte[] bytes, String source) throws ContractFormatException {
    return BinaryContractReader.read(bytes, Location.of(source));
  }

  /** Reads a contract in protobuf text format; {@code source} names it in messages. */
  public static Contract readText(String text, String source) throws ContractFormatException {
    return TextContractReader.read(text, Location.of(source));
  }

  /** Reads a contract in JSON; {@code source} names it in messages. */
  public static Contract readJson(String json, String source) throws ContractFormatException {
    return JsonContractReader.read(json, Location.of(source));
  }

  /**
   * The contract in a model directory: whichever of {@link #MODEL_DIR_FILES} is there.
   *
   * @return empty when there is none (the contract is then derived from the model)
   * @throws ContractFormatException when there are several, naming them, or the one there cannot be read
   */
  public static Optional<Contract> readFromModelDir(Path modelDir) throws ContractFormatException {
    List<Path> found = new ArrayList<>();
    for (String name : MODEL_DIR_FILES) {
      Path candidate = modelDir.resolve(name);
      if (Files.isRegularFile(candidate)) {
        found.add(candidate);
      }
    }
    if (found.size() > 1) {
      List<String> names = new ArrayList<>();
      found.forEach(p -> names.add(p.getFileName().toString()));
      throw Location.of(modelDir.toString()).error("has several contract files " + names + "; keep one");
    }
    return found.isEmpty() ? Optional.empty() : Optional.of(read(found.get(0)));
  }

  private static byte[] readBytes(Path file, Location at) throws ContractFormatException {
    try {
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        throw at.notAContract("the file is " + size + " bytes; a contract is at most " + MAX_FILE_BYTES);
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw at.error("cannot be read: " + e);
    }
  }

  private static String utf8(byte[] bytes, Location at) throws ContractFormatException {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw at.error("is not UTF-8 text: " + e.getMessage());
    }
  }
}
