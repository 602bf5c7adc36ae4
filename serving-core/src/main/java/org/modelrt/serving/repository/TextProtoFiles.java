package org.modelrt.serving.repository;

import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import com.google.protobuf.TextFormatParseInfoTree;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.modelrt.wire.tfserving.config.BatchingParameters;
import org.modelrt.wire.tfserving.config.ModelServerConfig;

/**
 * Reads TF Serving's configuration files, protobuf text format against TF Serving's own messages: {@code
 * --model_config_file} ({@code ModelServerConfig}) and {@code --batching_parameters_file} ({@code
 * BatchingParameters}). As TF Serving's parser does, a singular field given twice is refused rather than overwritten,
 * and an unknown field name is an error. Stateless, thread-safe.
 */
public final class TextProtoFiles {
  /** Config files are small; the bound keeps a wrong path (a model's weights, a device) from being read whole. */
  static final long MAX_BYTES = 16L << 20;

  private TextProtoFiles() {}

  /** A {@code ModelServerConfig}; an empty file is an empty config. */
  public static ModelServerConfig readModelServerConfig(Path file) throws ModelConfigException {
    ModelServerConfig.Builder config = ModelServerConfig.newBuilder();
    parse(file, config, null);
    return config.build();
  }

  /** A {@code BatchingParameters}; fields left out stay unset (the wrapper types tell unset from zero). */
  public static BatchingParameters readBatchingParameters(Path file) throws ModelConfigException {
    BatchingParameters.Builder parameters = BatchingParameters.newBuilder();
    parse(file, parameters, null);
    return parameters.build();
  }

  /**
   * Merges the file into {@code into}, recording where each field was written when {@code where} is given.
   *
   * @throws ModelConfigException "{@code <file>:<line>:<column>: <what>}" for a syntax error, "{@code <file>:
   *     <what>}" when the file cannot be read or is not UTF-8 text
   */
  static void parse(Path file, Message.Builder into, TextFormatParseInfoTree.Builder where)
      throws ModelConfigException {
    String text = readText(file);
    TextFormat.Parser.Builder parser = TextFormat.Parser.newBuilder()
        .setSingularOverwritePolicy(TextFormat.Parser.SingularOverwritePolicy.FORBID_SINGULAR_OVERWRITES);
    if (where != null) {
      parser.setParseInfoTreeBuilder(where);
    }
    try {
      parser.build().merge(text, into);
    } catch (TextFormat.ParseException e) {
      throw new ModelConfigException(file + ":" + e.getLine() + ":" + e.getColumn() + ": " + withoutPosition(e));
    }
  }

  private static String readText(Path file) throws ModelConfigException {
    byte[] bytes;
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class); // through links
      if (attributes.isDirectory()) {
        throw new ModelConfigException(file + ": cannot read: is a directory; expected a text file");
      }
      if (!attributes.isRegularFile()) { // a pipe or a device could block the reader or never end
        throw new ModelConfigException(file + ": cannot read: not a regular file; expected a text file");
      }
      if (attributes.size() > MAX_BYTES) {
        throw new ModelConfigException(file + ": cannot read: larger than " + (MAX_BYTES >> 20)
            + " MiB; expected a config file in protobuf text format");
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ModelConfigException(file + ": cannot read: " + Messages.reason(e));
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ModelConfigException(file + ": not UTF-8 text; expected a config file in protobuf text format");
    }
  }

  /** The parser's message starts with "line:column: "; the position is said once, after the file. */
  private static String withoutPosition(TextFormat.ParseException e) {
    String prefix = e.getLine() + ":" + e.getColumn() + ": ";
    String message = e.getMessage();
    message = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    return message.startsWith(UNKNOWN_FIELDS) ? unknownField(message.substring(UNKNOWN_FIELDS.length())) : message;
  }

  private static final String UNKNOWN_FIELDS = "Input contains unknown fields and/or extensions:";

  /** "{@code \n2:7:\tpackage.Message.field}" (the first of a list) as "unknown field "field" in Message". */
  private static String unknownField(String list) {
    String first = list.strip().lines().findFirst().orElse("");
    String name = first.substring(first.indexOf('\t') + 1).strip();
    int dot = name.lastIndexOf('.');
    String type = dot < 0 ? "" : name.substring(0, dot);
    String message = type.substring(type.lastIndexOf('.') + 1);
    return "unknown field " + Messages.quote(name.substring(dot + 1)) + " in " + message;
  }
}
