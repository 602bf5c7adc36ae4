package org.modelrt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Parsing {@code forward} out of the TorchScript source an archive carries. */
final class ForwardSignatureTest {

  @Test
  void multiLineDeclarationWithSelfAnnotationGivesTheParametersAfterSelf() {
    String source =
        "class TwoInputs(Module):\n  training : bool\n  def forward(self: __torch__.TwoInputs,\n    x: Tensor,\n"
            + "    a: Tensor) -> Tensor:\n    return torch.sub(x, torch.mul(a, 2))\n";
    ForwardSignature forward = ForwardSignature.parse(source, "TwoInputs").orElseThrow();
    assertEquals(List.of("x", "a"), forward.names());
    assertTrue(forward.parameters().stream().allMatch(ForwardSignature.Parameter::isTensor));
  }

  @Test
  void bracketedTypesAndDefaultsStayWithTheirParameter() {
    String source =
        "class M(Module):\n  def forward(self: __torch__.M,\n    inputs: Dict[str, Tensor],\n"
            + "    scale: Tuple[int, int]=(1, 2)) -> Tensor:\n    pass\n";
    ForwardSignature forward = ForwardSignature.parse(source, "M").orElseThrow();
    assertEquals(
        List.of(
            new ForwardSignature.Parameter("inputs", "Dict[str, Tensor]"),
            new ForwardSignature.Parameter("scale", "Tuple[int, int]")),
        forward.parameters());
    assertFalse(forward.parameters().get(0).isTensor());
  }

  @Test
  void forwardOfAnotherClassInTheSameFileIsNotTaken() {
    String source =
        "class Inner(Module):\n  def forward(self, y: Tensor) -> Tensor:\n    pass\n"
            + "class Outer(Module):\n  def forward(self, a: Tensor, b: Tensor) -> Tensor:\n    pass\n";
    assertEquals(List.of("a", "b"), ForwardSignature.parse(source, "Outer").orElseThrow().names());
    assertEquals(List.of("y"), ForwardSignature.parse(source, "Inner").orElseThrow().names());
  }

  @Test
  void unannotatedParameterIsATensorAsInTorchScript() {
    String source = "class M(Module):\n  def forward(self, x):\n    pass\n";
    assertEquals("forward(x: Tensor)", ForwardSignature.parse(source, "M").orElseThrow().toString());
  }

  @Test
  void missingClassOrForwardGivesNothing() {
    assertEquals(Optional.empty(), ForwardSignature.parse("class A(Module):\n  pass\n", "B"));
    assertEquals(
        Optional.empty(),
        ForwardSignature.parse("class A(Module):\n  pass\nclass B(Module):\n  def forward(self, x):\n", "A"));
  }

  @Test
  void returnAnnotationGivesTheNumberOfTensorsDjlHandsBack() {
    String source =
        "class M(Module):\n  def forward(self: __torch__.M,\n    x: Tensor) -> %s:\n    return x\n";
    assertEquals(OptionalInt.of(1), returned(source.formatted("Tensor")));
    assertEquals(OptionalInt.of(2), returned(source.formatted("Tuple[Tensor, Tensor]")));
    assertEquals(OptionalInt.of(3), returned(source.formatted("Tuple[Tensor, Tuple[Tensor, Tensor]]")));
    assertEquals(
        Optional.of("Tuple[Tensor, Tensor]"),
        ForwardSignature.parse(source.formatted("Tuple[Tensor, Tensor]"), "M").orElseThrow().returns());
  }

  @Test
  void returnCountIsUnknownWithoutAnAnnotationOrForContainersOfNoFixedSize() {
    String source = "class M(Module):\n  def forward(self, x: Tensor) -> %s:\n    return x\n";
    assertEquals(OptionalInt.empty(), returned(source.formatted("List[Tensor]")));
    assertEquals(OptionalInt.empty(), returned(source.formatted("Dict[str, Tensor]")));
    assertEquals(OptionalInt.empty(), returned(source.formatted("Tuple[Tensor, List[Tensor]]")));
    ForwardSignature bare = ForwardSignature.parse("class M(Module):\n  def forward(self, x):\n", "M").orElseThrow();
    assertEquals(Optional.empty(), bare.returns());
    assertEquals(OptionalInt.empty(), bare.returnedTensors());
  }

  private static OptionalInt returned(String source) {
    return ForwardSignature.parse(source, "M").orElseThrow().returnedTensors();
  }
}
