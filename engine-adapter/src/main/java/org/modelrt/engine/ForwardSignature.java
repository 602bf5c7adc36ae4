package org.modelrt.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The parameters and return type of a TorchScript module's {@code forward}, read from the TorchScript source the
 * archive carries, e.g. {@code def forward(self: __torch__.TwoInputs,\n x: Tensor,\n a: Tensor) -> Tensor:}.
 *
 * @param parameters the parameters after {@code self}, in declaration order
 * @param returns the return annotation, e.g. {@code Tuple[Tensor, Tensor]}; empty when the source has none
 */
record ForwardSignature(List<Parameter> parameters, Optional<String> returns) {

  /**
   * One parameter.
   *
   * @param name the parameter name
   * @param type its TorchScript type annotation, e.g. {@code Tensor} or {@code Dict[str, Tensor]}
   */
  record Parameter(String name, String type) {
    boolean isTensor() {
      return "Tensor".equals(type);
    }

    @Override
    public String toString() {
      return name + ": " + type;
    }
  }

  ForwardSignature {
    parameters = List.copyOf(parameters);
  }

  /** A {@code forward} whose return type is not known. */
  ForwardSignature(List<Parameter> parameters) {
    this(parameters, Optional.empty());
  }

  /** The parameter names in order. */
  List<String> names() {
    return parameters.stream().map(Parameter::name).toList();
  }

  /**
   * How many tensors DJL hands back from a call: 1 for {@code Tensor}, the leaves of a (nested) {@code Tuple} of
   * tensors, which DJL flattens; empty when the annotation is absent or anything else (a List or Dict has no count
   * known before the call).
   */
  OptionalInt returnedTensors() {
    return returns.map(ForwardSignature::tensorCount).orElse(OptionalInt.empty());
  }

  /** {@code forward(x: Tensor, a: Tensor)}. */
  @Override
  public String toString() {
    return "forward(" + String.join(", ", parameters.stream().map(Parameter::toString).toList()) + ")";
  }

  /** The signature of {@code className.forward} in {@code source}; empty when it is not found there. */
  static Optional<ForwardSignature> parse(String source, String className) {
    int classStart = source.indexOf("class " + className + "(");
    if (classStart < 0) {
      return Optional.empty();
    }
    int nextClass = source.indexOf("\nclass ", classStart + 1);
    int def = source.indexOf("def forward(", classStart);
    if (def < 0 || (nextClass >= 0 && def > nextClass)) {
      return Optional.empty();
    }
    int open = def + "def forward".length();
    int close = matchingParen(source, open);
    if (close < 0) {
      return Optional.empty();
    }
    List<Parameter> parameters = new ArrayList<>();
    for (String declaration : splitTopLevel(source.substring(open + 1, close))) {
      parameters.add(parameter(declaration));
    }
    if (!parameters.isEmpty() && parameters.get(0).name().equals("self")) {
      parameters.remove(0);
    }
    return Optional.of(new ForwardSignature(parameters, returnAnnotation(source.substring(close + 1))));
  }

  /** The {@code T} of {@code " -> T:"} at the start of {@code afterParameters}; empty when there is no arrow. */
  private static Optional<String> returnAnnotation(String afterParameters) {
    String rest = afterParameters.stripLeading();
    if (!rest.startsWith("->")) {
      return Optional.empty();
    }
    rest = rest.substring(2);
    int colon = topLevelIndexOf(rest, ':');
    String type = (colon < 0 ? "" : rest.substring(0, colon)).strip();
    return type.isEmpty() ? Optional.empty() : Optional.of(type);
  }

  private static OptionalInt tensorCount(String type) {
    String t = type.strip();
    if (t.equals("Tensor")) {
      return OptionalInt.of(1);
    }
    if (!t.startsWith("Tuple[") || !t.endsWith("]")) {
      return OptionalInt.empty();
    }
    int count = 0;
    for (String element : splitTopLevel(t.substring("Tuple[".length(), t.length() - 1))) {
      OptionalInt inner = tensorCount(element);
      if (inner.isEmpty()) {
        return OptionalInt.empty();
      }
      count += inner.getAsInt();
    }
    return OptionalInt.of(count);
  }

  /** {@code name: Type = default} -> (name, Type); an unannotated parameter is a Tensor in TorchScript. */
  private static Parameter parameter(String declaration) {
    String withoutDefault = declaration;
    int equals = topLevelIndexOf(declaration, '=');
    if (equals >= 0) {
      withoutDefault = declaration.substring(0, equals);
    }
    int colon = withoutDefault.indexOf(':');
    if (colon < 0) {
      return new Parameter(withoutDefault.strip(), "Tensor");
    }
    return new Parameter(withoutDefault.substring(0, colon).strip(), withoutDefault.substring(colon + 1).strip());
  }

  private static int matchingParen(String s, int open) {
    int depth = 0;
    for (int i = open; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(' || c == '[') {
        depth++;
      } else if (c == ')' || c == ']') {
        depth--;
        if (depth == 0) {
          return c == ')' ? i : -1;
        }
      }
    }
    return -1;
  }

  private static List<String> splitTopLevel(String list) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < list.length(); i++) {
      char c = list.charAt(i);
      depth += (c == '(' || c == '[') ? 1 : (c == ')' || c == ']') ? -1 : 0;
      if (c == ',' && depth == 0) {
        parts.add(list.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(list.substring(start));
    return parts.stream().map(String::strip).filter(p -> !p.isEmpty()).toList();
  }

  private static int topLevelIndexOf(String s, char wanted) {
    int depth = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      depth += (c == '(' || c == '[') ? 1 : (c == ')' || c == ']') ? -1 : 0;
      if (c == wanted && depth == 0) {
        return i;
      }
    }
    return -1;
  }
}
