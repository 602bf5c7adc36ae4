package org.modelrt.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The request must send exactly the signature's inputs; the message lists sent, expected, extra and missing, each
 * bounded ({@link Quoted#list}).
 */
final class InputSetCheck {
  private InputSetCheck() {}

  static void require(Signature signature, Map<String, TensorHeader> inputs) {
    if (!matches(signature.inputs(), inputs)) {
      throw new InvalidRequestException(describe(signature, inputs.keySet()));
    }
  }

  private static boolean matches(List<Field> fields, Map<String, TensorHeader> inputs) {
    if (fields.size() != inputs.size()) {
      return false;
    }
    for (int i = 0; i < fields.size(); i++) {
      if (!inputs.containsKey(fields.get(i).name())) {
        return false;
      }
    }
    return true;
  }

  /** Sent and extra are sorted (a request map has no order); expected and missing follow the signature. */
  private static String describe(Signature signature, Set<String> sentNames) {
    Set<String> sent = new TreeSet<>(sentNames);
    List<String> expected = signature.inputNames();
    List<String> extra = new ArrayList<>();
    for (String name : sent) {
      if (!expected.contains(name)) {
        extra.add(name);
      }
    }
    List<String> missing = new ArrayList<>();
    for (String name : expected) {
      if (!sent.contains(name)) {
        missing.add(name);
      }
    }
    return "input set does not match signature '" + Quoted.value(signature.name()) + "': sent " + Quoted.list(sent)
        + "; expected " + Quoted.list(expected) + "; extra " + Quoted.list(extra) + "; missing " + Quoted.list(missing);
  }
}
