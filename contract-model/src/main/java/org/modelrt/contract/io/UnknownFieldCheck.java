package org.modelrt.contract.io;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import java.util.List;
import java.util.Map;
import org.modelrt.contract.ContractFormatException;

/**
 * Refuses a parsed contract that holds fields its layout does not have. Protobuf keeps those aside silently (a field
 * with an unexpected wire type too), and contract layouts differ exactly by field numbers and wire types, so such a
 * field means bytes of a layout we do not know, and reading on would drop what they say. Stateless.
 */
final class UnknownFieldCheck {
  private UnknownFieldCheck() {}

  static void require(Message message, WireLayout layout, Location at) throws ContractFormatException {
    String path = firstUnknown(message, "");
    if (path != null) {
      throw at.notAContract("read as " + layout + ", " + path);
    }
  }

  /** Where the first unknown field is, as {@code signatures[0].inputs[1]: field 7 (a varint)}; null if none. */
  private static String firstUnknown(Message message, String path) {
    Map<Integer, UnknownFieldSet.Field> unknown = message.getUnknownFields().asMap();
    if (!unknown.isEmpty()) {
      Map.Entry<Integer, UnknownFieldSet.Field> first = unknown.entrySet().iterator().next();
      return (path.isEmpty() ? "the top level" : path) + " has field " + first.getKey() + " ("
          + describe(first.getValue()) + "), which the layout does not have";
    }
    for (Map.Entry<FieldDescriptor, Object> e : message.getAllFields().entrySet()) {
      if (e.getKey().getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        continue;
      }
      String name = (path.isEmpty() ? "" : path + ".") + e.getKey().getName();
      String found = e.getKey().isRepeated() ? inList((List<?>) e.getValue(), name)
          : firstUnknown((Message) e.getValue(), name);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static String inList(List<?> messages, String name) {
    for (int i = 0; i < messages.size(); i++) {
      String found = firstUnknown((Message) messages.get(i), name + "[" + i + "]");
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static String describe(UnknownFieldSet.Field field) {
    if (!field.getVarintList().isEmpty()) {
      return "a varint";
    }
    if (!field.getLengthDelimitedList().isEmpty()) {
      return "length-delimited";
    }
    return field.getGroupList().isEmpty() ? "fixed-size" : "a group";
  }
}
