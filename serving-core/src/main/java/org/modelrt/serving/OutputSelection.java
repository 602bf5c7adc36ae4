package org.modelrt.serving;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
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
    if (filter.isEmpty()) {
      return all(signature.outputs().size());
    }
    List<String> names = signature.outputNames();
    List<Integer> selected = new ArrayList<>();
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

  /** 0..count-1, made once per count for the usual signature sizes: no filter is the common case, on every call. */
  private static List<Integer> all(int count) {
    return count < ALL.size() ? ALL.get(count) : IntStream.range(0, count).boxed().toList();
  }

  private static final List<List<Integer>> ALL =
      IntStream.rangeClosed(0, 32).mapToObj(n -> IntStream.range(0, n).boxed().toList()).toList();
}
