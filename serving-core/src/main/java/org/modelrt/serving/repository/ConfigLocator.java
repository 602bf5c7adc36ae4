package org.modelrt.serving.repository;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.TextFormatParseInfoTree;
import com.google.protobuf.TextFormatParseLocation;
import java.nio.file.Path;
import java.util.List;
import org.modelrt.wire.tfserving.config.ModelConfig;
import org.modelrt.wire.tfserving.config.ModelConfigList;
import org.modelrt.wire.tfserving.config.ModelServerConfig;

/**
 * Says where in its source a {@code ModelConfig} (or one of its fields) was written, for the front of a message:
 * "{@code models.config:7:5}" for a parsed file, "{@code reload request, config[2]}" for a message. Immutable.
 */
final class ConfigLocator {
  private final String source;
  private final TextFormatParseInfoTree tree; // null when the config did not come from text

  private ConfigLocator(String source, TextFormatParseInfoTree tree) {
    this.source = source;
    this.tree = tree;
  }

  static ConfigLocator of(String source) {
    return new ConfigLocator(source, null);
  }

  static ConfigLocator ofFile(Path file, TextFormatParseInfoTree tree) {
    return new ConfigLocator(file.toString(), tree);
  }

  /** The whole config. */
  String config() {
    return source;
  }

  /** The {@code index}-th {@code config} entry of {@code model_config_list}. */
  String model(int index) {
    TextFormatParseLocation at = location(listTree(), ModelConfigList.getDescriptor().findFieldByNumber(1), index);
    return at != null ? at(at) : source + ", config[" + index + "]";
  }

  /** The field of that number in the {@code index}-th model; the entry itself when the field was not written. */
  String field(int index, int fieldNumber) {
    return field(index, fieldNumber, 0);
  }

  /** The {@code occurrence}-th time a (repeated or map) field of the {@code index}-th model was written. */
  String field(int index, int fieldNumber, int occurrence) {
    TextFormatParseInfoTree list = listTree();
    FieldDescriptor config = ModelConfigList.getDescriptor().findFieldByNumber(1);
    TextFormatParseInfoTree model = list == null ? null : nested(list, config, index);
    TextFormatParseLocation at =
        model == null ? null : location(model, ModelConfig.getDescriptor().findFieldByNumber(fieldNumber), occurrence);
    return at != null ? at(at) : model(index);
  }

  private TextFormatParseInfoTree listTree() {
    return tree == null ? null : nested(tree, ModelServerConfig.getDescriptor().findFieldByNumber(1), 0);
  }

  private String at(TextFormatParseLocation location) {
    // The tree counts from 0; editors and the parser's own errors count from 1.
    return source + ":" + (location.getLine() + 1) + ":" + (location.getColumn() + 1);
  }

  private static TextFormatParseInfoTree nested(TextFormatParseInfoTree tree, FieldDescriptor field, int index) {
    List<TextFormatParseInfoTree> trees = tree.getNestedTrees(field);
    return index < trees.size() ? trees.get(index) : null;
  }

  private static TextFormatParseLocation location(TextFormatParseInfoTree tree, FieldDescriptor field, int index) {
    if (tree == null) {
      return null;
    }
    List<TextFormatParseLocation> locations = tree.getLocations(field);
    return index < locations.size() ? locations.get(index) : null;
  }
}
