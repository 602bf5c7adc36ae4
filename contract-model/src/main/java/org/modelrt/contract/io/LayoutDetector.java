package org.modelrt.contract.io;

import static org.modelrt.contract.io.RawMessage.LEN;

import java.util.ArrayList;
import java.util.List;
import org.modelrt.contract.ContractFormatException;
import org.modelrt.contract.io.RawMessage.RawField;

/**
 * Tells the layout of a contract.protobin from its bytes (docs/hydrosphere-upstream.md, "Contract layouts").
 * ModelContract and a bare ModelSignature both start with a string in field 1 and messages in field 2, so:
 * <ol>
 *   <li>a top-level field 3 makes it a bare ModelSignature (L3): ModelContract has no field 3, and the G3 manager
 *       always writes an output;
 *   <li>otherwise, a varint directly inside any field-2 entry makes it a bare signature too: that entry is a
 *       ModelField with its dtype (4) or profile (5), while a ModelSignature inside a ModelContract holds only
 *       length-delimited fields 1-3;
 *   <li>otherwise it is a ModelContract, whose ModelField layout {@link FieldLayoutRules} tells apart.
 * </ol>
 * Bytes that are not a well-formed message, or have anything but length-delimited fields 1-3 at the top, are no
 * contract. Stateless.
 */
final class LayoutDetector {
  private LayoutDetector() {}

  static WireLayout detect(byte[] bytes, Location at) throws ContractFormatException {
    try {
      RawMessage top = RawMessage.parse(bytes);
      requireContractFields(top, at);
      if (top.has(3, LEN)) {
        return WireLayout.L3;
      }
      List<RawMessage> entries = new ArrayList<>();
      for (RawField f : top.fields()) {
        if (f.number() == 2) {
          entries.add(top.content(f));
        }
      }
      if (entries.isEmpty()) {
        throw at.error("no signatures");
      }
      for (RawMessage entry : entries) {
        if (entry.hasAnyVarint()) {
          return WireLayout.L3;
        }
      }
      return FieldLayoutRules.layoutOf(entries, at);
    } catch (MalformedWireException e) {
      throw at.notAContract(e.getMessage());
    }
  }

  private static void requireContractFields(RawMessage top, Location at) throws ContractFormatException {
    for (RawField f : top.fields()) {
      if (f.number() < 1 || f.number() > 3 || f.wireType() != LEN) {
        throw at.notAContract("field " + f.number() + " at byte " + f.offset() + " is "
            + RawMessage.wireTypeName(f.wireType()) + "; a contract has only length-delimited fields 1-3 at the top");
      }
    }
  }
}
