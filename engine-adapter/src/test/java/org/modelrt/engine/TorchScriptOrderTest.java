package org.modelrt.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.modelrt.engine.Contracts.floats;
import static org.modelrt.engine.Contracts.signature;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.modelrt.contract.Field;
import org.modelrt.contract.Signature;

/** The load-time refusals of binding a contract signature to a TorchScript forward (orders are run in the ITs). */
final class TorchScriptOrderTest {
  private static final ForwardSignature X_A =
      new ForwardSignature(
          List.of(new ForwardSignature.Parameter("x", "Tensor"), new ForwardSignature.Parameter("a", "Tensor")));

  private static Signature inputs(String... names) {
    return signature("s", java.util.Arrays.stream(names).map(n -> floats(n, -1)).toList(), List.of(floats("y", -1)));
  }

  private static int[] order(Signature s, Optional<ForwardSignature> f, Optional<Signature> d) throws Exception {
    return TorchScriptOrder.bind(s, f, d).contractIndexOfArgument();
  }

  @Test
  void contractInputsNamedLikeForwardGoInForwardsOrder() throws Exception {
    assertArrayEquals(new int[] {1, 0}, order(inputs("a", "x"), Optional.of(X_A), Optional.empty()));
    assertArrayEquals(new int[] {0, 1}, order(inputs("x", "a"), Optional.of(X_A), Optional.empty()));
  }

  @Test
  void contractInputsNamedUnlikeForwardOrWithoutForwardGoInContractOrder() throws Exception {
    assertArrayEquals(new int[] {0, 1}, order(inputs("q", "p"), Optional.of(X_A), Optional.empty()));
    assertArrayEquals(new int[] {0, 1}, order(inputs("a", "x"), Optional.empty(), Optional.empty()));
  }

  @Test
  void inputCountOtherThanForwardsIsRefused() {
    ModelLoadException e =
        assertThrows(ModelLoadException.class, () -> order(inputs("x"), Optional.of(X_A), Optional.empty()));
    assertEquals(
        "signature 's' does not fit the model's forward(x: Tensor, a: Tensor): it takes 2 input(s), the contract"
            + " lists 1",
        e.getMessage());
  }

  @Test
  void namesThatOnlyPartlyMatchForwardAreRefused() {
    ModelLoadException e =
        assertThrows(
            ModelLoadException.class, () -> order(inputs("x", "b"), Optional.of(X_A), Optional.empty()));
    assertTrue(e.getMessage().contains("inputs [x, b] only partly match the model's forward(x: Tensor, a: Tensor)"),
        e.getMessage());
  }

  @Test
  void nonTensorParametersAreRefused() {
    ForwardSignature dict =
        new ForwardSignature(List.of(new ForwardSignature.Parameter("inputs", "Dict[str, Tensor]")));
    ModelLoadException e =
        assertThrows(ModelLoadException.class, () -> order(inputs("inputs"), Optional.of(dict), Optional.empty()));
    assertTrue(e.getMessage().contains("parameter 'inputs' is Dict[str, Tensor], only Tensor parameters bind"),
        e.getMessage());
  }

  @Test
  void signatureJsonOrderIsUsedWhenForwardNamesDiffer() throws Exception {
    ForwardSignature traced =
        new ForwardSignature(
            List.of(new ForwardSignature.Parameter("input", "Tensor"), new ForwardSignature.Parameter("b", "Tensor")));
    Signature described =
        signature("serving_default", List.<Field>of(floats("x", -1), floats("a", -1)), List.of(floats("y", -1)));
    assertArrayEquals(new int[] {1, 0}, order(inputs("a", "x"), Optional.of(traced), Optional.of(described)));
  }

  @Test
  void returnedTensorsAreNamedBySignatureJsonWhenItListsTheContractOutputs() throws Exception {
    Signature described =
        signature("serving_default", List.of(floats("x", -1), floats("a", -1)),
            List.of(floats("sum", -1), floats("diff", -1)));
    Signature diffOnly = signature("s", List.of(floats("x", -1), floats("a", -1)), List.of(floats("diff", -1)));
    assertEquals(
        List.of("sum", "diff"),
        TorchScriptOrder.bind(diffOnly, Optional.of(X_A), Optional.of(described)).modelOutputs());
    assertEquals(List.of("diff"), TorchScriptOrder.bind(diffOnly, Optional.of(X_A), Optional.empty()).modelOutputs());
  }

  @Test
  void returnAnnotationWithAnotherTensorCountThanTheOutputsIsRefused() {
    ForwardSignature returnsOne = new ForwardSignature(X_A.parameters(), Optional.of("Tensor"));
    Signature twoOutputs =
        signature("s", List.of(floats("x", -1), floats("a", -1)), List.of(floats("y", -1), floats("z", -1)));
    ModelLoadException e =
        assertThrows(
            ModelLoadException.class,
            () -> TorchScriptOrder.bind(twoOutputs, Optional.of(returnsOne), Optional.empty()));
    assertEquals(
        "signature 's' does not fit the model's forward(x: Tensor, a: Tensor): it returns Tensor (1 tensor(s)), the"
            + " contract lists 2 output(s) [y, z]",
        e.getMessage());
  }

  @Test
  void returnCountIsComparedWithSignatureJsonOutputsWhenTheyNameTheReturnedTensors() throws Exception {
    ForwardSignature returnsTwo = new ForwardSignature(X_A.parameters(), Optional.of("Tuple[Tensor, Tensor]"));
    Signature described =
        signature("serving_default", List.of(floats("x", -1), floats("a", -1)),
            List.of(floats("sum", -1), floats("diff", -1)));
    Signature diffOnly = signature("s", List.of(floats("x", -1), floats("a", -1)), List.of(floats("diff", -1)));
    assertEquals(
        List.of("sum", "diff"),
        TorchScriptOrder.bind(diffOnly, Optional.of(returnsTwo), Optional.of(described)).modelOutputs());
    ModelLoadException e =
        assertThrows(
            ModelLoadException.class,
            () -> TorchScriptOrder.bind(diffOnly, Optional.of(returnsTwo), Optional.empty()));
    assertTrue(e.getMessage().endsWith("it returns Tuple[Tensor, Tensor] (2 tensor(s)), the contract lists 1"
        + " output(s) [diff]"), e.getMessage());
  }

  @Test
  void unknownReturnTypeLeavesTheOutputCountToTheRun() throws Exception {
    ForwardSignature returnsList = new ForwardSignature(X_A.parameters(), Optional.of("List[Tensor]"));
    Signature twoOutputs =
        signature("s", List.of(floats("x", -1), floats("a", -1)), List.of(floats("y", -1), floats("z", -1)));
    assertEquals(
        List.of("y", "z"),
        TorchScriptOrder.bind(twoOutputs, Optional.of(returnsList), Optional.empty()).modelOutputs());
  }
}
