package org.modelrt.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.modelrt.contract.Signature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, once at load time, in which order a contract signature's inputs go to a TorchScript {@code forward} and
 * what its returned tensors are called. Input order, first rule that applies:
 *
 * <ol>
 *   <li>the contract's input names are {@code forward}'s parameter names: {@code forward}'s order;
 *   <li>they are the input names of the archive's {@code signature.json} (written in {@code forward} order): that
 *       order;
 *   <li>they are none of {@code forward}'s names (e.g. a traced module's {@code input}): contract order;
 *   <li>they are some of them: refused, the names contradict each other.
 * </ol>
 *
 * The returned tensors are named by {@code signature.json}'s outputs when it has them, else by the contract's. A
 * parameter that is not a Tensor, a parameter count other than the contract's input count, or a return annotation
 * ({@code -> Tensor}, {@code -> Tuple[Tensor, Tensor]}) whose tensor count is not the number of names the returned
 * tensors get, is refused; without a usable annotation that count is only checked when the model runs (warmup, or
 * the first request when warmup is off or skips the signature). Stateless.
 */
final class TorchScriptOrder {
  private static final Logger LOG = LoggerFactory.getLogger(TorchScriptOrder.class);

  private TorchScriptOrder() {}

  /**
   * The binding of {@code signature}.
   *
   * @param forward {@code forward}'s parameters, when the archive's code could be read
   * @param described the archive's own signature ({@code signature.json}), when it has one
   * @throws ModelLoadException naming every reason the signature does not fit {@code forward}
   */
  static PositionalBinding bind(Signature signature, Optional<ForwardSignature> forward, Optional<Signature> described)
      throws ModelLoadException {
    List<String> inputs = signature.inputNames();
    Optional<List<String>> describedOutputs = described
        .filter(d -> new HashSet<>(d.outputNames()).containsAll(signature.outputNames()))
        .map(Signature::outputNames);
    List<String> modelOutputs = describedOutputs.orElse(signature.outputNames());
    if (forward.isPresent()) {
      String outputsFrom = describedOutputs.isPresent() ? TorchScriptArchive.SIGNATURE_FILE : "the contract";
      refuseMisfit(signature, forward.get(), outputsFrom, modelOutputs);
    }
    List<String> order = inputOrder(signature, forward, described);
    return new PositionalBinding(signature, order.stream().mapToInt(inputs::indexOf).toArray(), modelOutputs);
  }

  private static List<String> inputOrder(
      Signature signature, Optional<ForwardSignature> forward, Optional<Signature> described)
      throws ModelLoadException {
    List<String> inputs = signature.inputNames();
    List<String> parameterNames = forward.map(ForwardSignature::names).orElse(List.of());
    forward.ifPresent(f -> LOG.debug("{} of {}", f, signature.name()));
    if (forward.isPresent() && sameNames(parameterNames, inputs)) {
      return parameterNames;
    }
    if (described.isPresent() && sameNames(described.get().inputNames(), inputs)) {
      return described.get().inputNames();
    }
    if (parameterNames.stream().anyMatch(inputs::contains)) {
      throw new ModelLoadException(
          "signature '" + signature.name() + "' inputs " + inputs + " only partly match the model's "
              + forward.get() + "; name them all like its parameters, or none");
    }
    LOG.info("signature '{}': inputs {} go to forward() in contract order", signature.name(), inputs);
    return inputs;
  }

  private static void refuseMisfit(
      Signature signature, ForwardSignature forward, String outputsFrom, List<String> modelOutputs)
      throws ModelLoadException {
    List<String> problems = new ArrayList<>();
    forward.parameters().stream()
        .filter(p -> !p.isTensor())
        .forEach(p -> problems.add("parameter '" + p.name() + "' is " + p.type() + ", only Tensor parameters bind"));
    if (forward.parameters().size() != signature.inputs().size()) {
      problems.add(
          "it takes " + forward.parameters().size() + " input(s), the contract lists " + signature.inputs().size());
    }
    OptionalInt returned = forward.returnedTensors();
    if (returned.isPresent() && returned.getAsInt() != modelOutputs.size()) {
      problems.add(
          "it returns " + forward.returns().orElseThrow() + " (" + returned.getAsInt() + " tensor(s)), "
              + outputsFrom + " lists " + modelOutputs.size() + " output(s) " + modelOutputs);
    }
    if (!problems.isEmpty()) {
      throw new ModelLoadException(
          "signature '" + signature.name() + "' does not fit the model's " + forward + ": "
              + String.join("; ", problems));
    }
  }

  private static boolean sameNames(List<String> a, List<String> b) {
    return a.size() == b.size() && new HashSet<>(a).equals(new HashSet<>(b));
  }
}
