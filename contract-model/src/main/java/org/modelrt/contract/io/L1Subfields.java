package org.modelrt.contract.io;

import static org.modelrt.contract.io.RawMessage.LEN;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import org.modelrt.contract.ContractFormatException;
import org.modelrt.contract.Field;
import org.modelrt.contract.io.RawMessage.RawField;
import org.modelrt.wire.contract.legacy.L1ComplexField;
import org.modelrt.wire.contract.legacy.L1Dict;
import org.modelrt.wire.contract.legacy.L1DictEntry;
import org.modelrt.wire.contract.legacy.L1ModelField;

/**
 * The nested fields of an L1 map field. ModelField field 2 held one of two messages over the releases, both a
 * repeated {@code data = 1}: 0.0.5-0.0.10 {@code Dict{map<string, ModelField>}}, whose entries are
 * {key = 1, value = 2 (a ModelField)}, and 0.0.11+ {@code ComplexField{repeated ModelField}}, whose entries are
 * ModelFields {field_name = 1, oneof {subfields = 2, info = 3}}. An entry is told apart by its raw fields:
 * <ul>
 *   <li>field 3 (a TensorInfo) → a ComplexField ModelField;
 *   <li>field 2 holding a message with a field 2 or 3 (a ModelField with its type) → a Dict entry;
 *   <li>field 2 holding only field-1 messages (nested {@code data}) → a ComplexField ModelField with subfields.
 * </ul>
 * All entries must agree. A Dict entry is named by its key; a value that carries a different field_name is refused.
 * Nesting deeper than {@link #MAX_DEPTH} is refused.
 */
final class L1Subfields {
  /**
   * How many levels of subfields may nest. L2 and L3 subfields are messages, so protobuf's recursion limit bounds
   * them; L1 subfields are bytes, parsed one level at a time, so without this a file of some tens of kilobytes
   * overflows the stack. Real contracts nest a level or two.
   */
  static final int MAX_DEPTH = 32;

  private L1Subfields() {}

  /** The subfields of the field at {@code at}; {@code depth} is their level, 1 under an input or output. */
  static List<Field> read(ByteString subfields, Location at, int depth) throws ContractFormatException {
    if (depth > MAX_DEPTH) {
      throw at.error("subfields nest more than " + MAX_DEPTH + " levels deep");
    }
    byte[] bytes = subfields.toByteArray();
    boolean dict = isDict(bytes, at);
    try {
      if (dict) {
        L1Dict parsed = L1Dict.parseFrom(bytes);
        UnknownFieldCheck.require(parsed, WireLayout.L1, at);
        return FieldAssembly.fields(parsed.getDataList(), "subfield", at, L1DictEntry::getKey,
            (e, where) -> entry(e, where, depth));
      }
      L1ComplexField parsed = L1ComplexField.parseFrom(bytes);
      UnknownFieldCheck.require(parsed, WireLayout.L1, at);
      return FieldAssembly.fields(parsed.getDataList(), "subfield", at, L1ModelField::getFieldName,
          (f, where) -> L1Reader.field(f, f.getFieldName(), where, depth));
    } catch (InvalidProtocolBufferException e) {
      throw at.error("subfields are malformed: " + e.getMessage());
    }
  }

  private static Field entry(L1DictEntry entry, Location at, int depth) throws ContractFormatException {
    String ownName = entry.getValue().getFieldName();
    if (!ownName.isEmpty() && !ownName.equals(entry.getKey())) {
      throw at.error("the Dict key names a field whose field_name is '" + ownName + "'");
    }
    return L1Reader.field(entry.getValue(), entry.getKey(), at, depth);
  }

  private static boolean isDict(byte[] bytes, Location at) throws ContractFormatException {
    try {
      RawMessage data = RawMessage.parse(bytes);
      int dictEntries = 0;
      for (RawField f : data.fields()) {
        if (f.number() == 1 && f.wireType() == LEN && isDictEntry(data.content(f))) {
          dictEntries++;
        }
      }
      if (dictEntries > 0 && dictEntries < data.fields().size()) {
        throw at.error("subfields mix Dict entries (protos 0.0.5-0.0.10) and ComplexField fields (0.0.11+)");
      }
      return dictEntries > 0;
    } catch (MalformedWireException e) {
      throw at.error("subfields are malformed (" + e.getMessage() + " of the subfields)");
    }
  }

  private static boolean isDictEntry(RawMessage entry) throws MalformedWireException {
    if (entry.has(3, LEN)) {
      return false;
    }
    RawField value = entry.first(2, LEN);
    if (value == null) {
      return false;
    }
    RawMessage content = entry.content(value);
    return content.has(2, LEN) || content.has(3, LEN);
  }
}
