package org.modelrt.contract.io;

import static org.modelrt.contract.io.RawMessage.LEN;
import static org.modelrt.contract.io.RawMessage.VARINT;

import java.util.List;
import org.modelrt.contract.ContractFormatException;
import org.modelrt.contract.io.RawMessage.RawField;

/**
 * Tells the ModelField layout of a ModelContract from the raw fields of its inputs and outputs
 * (docs/hydrosphere-upstream.md, "Contract layouts"). A protobuf parser would read any of them with any schema
 * without complaint, so the wire types decide:
 * <ul>
 *   <li>field 2 a varint (the type) → L0;
 *   <li>field 4 a varint (the dtype) → L2;
 *   <li>field 3 holding a message with a varint 2 or a message 3 (TensorInfo dtype / tensor_shape) → L1;
 *   <li>field 3 holding only field-1 messages (Subfield.data) → L2 map field;
 *   <li>field 2 holding only field-1 messages (ComplexField.data or Dict.data) → L1 map field;
 *   <li>anything else (a bare name, an empty shape) decides nothing: the other fields decide, L2 when none does.
 * </ul>
 * Every deciding field must agree. Stateless.
 */
final class FieldLayoutRules {
  private FieldLayoutRules() {}

  static WireLayout layoutOf(List<RawMessage> signatures, Location at)
      throws ContractFormatException, MalformedWireException {
    WireLayout found = null;
    String foundWhere = null;
    for (RawMessage signature : signatures) {
      for (RawField f : signature.fields()) {
        if ((f.number() != 2 && f.number() != 3) || f.wireType() != LEN) {
          continue;
        }
        RawMessage field = signature.content(f);
        WireLayout layout = classify(field);
        if (layout == null) {
          continue;
        }
        String where = "signature '" + signature.text(1) + "' " + (f.number() == 2 ? "input" : "output") + " '"
            + field.text(1) + "' at byte " + f.offset();
        if (found == null) {
          found = layout;
          foundWhere = where;
        } else if (found != layout) {
          throw at.notAContract("its fields mix layouts: " + foundWhere + " reads as " + found + ", " + where
              + " as " + layout);
        }
      }
    }
    return found == null ? WireLayout.L2 : found;
  }

  /** The layout one ModelField's raw fields show, or {@code null} when they show none. */
  static WireLayout classify(RawMessage field) throws MalformedWireException {
    if (field.has(2, VARINT)) {
      return WireLayout.L0;
    }
    if (field.has(4, VARINT)) {
      return WireLayout.L2;
    }
    RawField third = field.first(3, LEN);
    if (third != null) {
      RawMessage content = field.content(third);
      if (content.has(2, VARINT) || content.has(3, LEN)) {
        return WireLayout.L1;
      }
      if (content.onlyHas(1, LEN)) {
        return WireLayout.L2;
      }
    }
    RawField second = field.first(2, LEN);
    if (second != null && field.content(second).onlyHas(1, LEN)) {
      return WireLayout.L1;
    }
    return null;
  }
}
