package org.modelrt.serving;

import java.util.ArrayList;
import java.util.List;
import org.modelrt.contract.InvalidRequestException;
import org.modelrt.contract.Quoted;
import org.modelrt.contract.Signature;

/** Which outputs of a signature a response carries: TF Serving's {@code output_filter}, or all of them. */
final class OutputSelection {
  private OutputSelection() {}

  /**
   * The positions, in the signature's output order, of the outputs to return.
   *
   * @param filter output names; empty means every output
   * @throws InvalidRequestException for a name that is not an output or that appears twice
   */
  static List<Integer> select(Signature signature, List<String> filter) {
    List<String> names = signature.outputNames();
    List<Integer> selected = new ArrayList<>();
    if (filter.isEmpty()) {
      for (int i = 0; i < names.size(); i++) {
        selected.add(i);
      }
      return selected;
    }
    for (String wanted : filter) {
      int index = names.indexOf(wanted);
      if (index < 0) {
        throw new InvalidRequestException("output_filter names '" + Quoted.value(wanted)
            + "', which is not an output of signature '" + Quoted.value(signature.name()) + "'; its outputs are "
            + Quoted.list(names));
      }
      if (selected.contains(index)) {
        throw new InvalidRequestException("output_filter names '" + Quoted.value(wanted) + "' twice");
      }
      selected.add(index);
    }
    selected.sort(null);
    return selected;
  }
}
