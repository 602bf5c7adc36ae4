package org.modelrt.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.modelrt.contract.Contract;
import org.modelrt.contract.Field;
import org.modelrt.contract.Shape;
import org.modelrt.contract.Signature;

/**
 * Checks a contract against the model once, at load time, and reports every mismatch in one message: field types the
 * engine cannot take, signatures the model lacks, input and output names that do not exist, dtypes that disagree,
 * shapes of a different rank or with a conflicting fixed size, and model inputs the contract leaves out.
 *
 * <p>TensorFlow signatures are matched by name (contract signature name = SavedModel signature key); a TorchScript or
 * ONNX model has exactly one signature, matched whatever its name: a contract with several is refused, and each of
 * its signatures is still checked against that one, so that the one message lists every field to fix. Stateless.
 */
final class ContractCheck {
  private ContractCheck() {}

  /**
   * Verifies the contract.
   *
   * @param engine the engine that will run the model
   * @param contract the contract requests will be validated against
   * @param model what the model says about itself; empty when it says nothing (TorchScript without signature.json)
   * @throws ModelLoadException listing every mismatch
   */
  static void verify(EngineKind engine, Contract contract, Optional<Contract> model) throws ModelLoadException {
    List<String> problems = mismatches(engine, contract, model);
    if (problems.isEmpty()) {
      return;
    }
    StringBuilder message = new StringBuilder("the contract does not match the model (");
    message.append(problems.size()).append(problems.size() == 1 ? " problem)" : " problems)");
    for (int i = 0; i < problems.size(); i++) {
      message.append(i == 0 ? ": " : "; ").append(i + 1).append(") ").append(problems.get(i));
    }
    throw new ModelLoadException(message.toString());
  }

  static List<String> mismatches(EngineKind engine, Contract contract, Optional<Contract> model) {
    List<String> problems = new ArrayList<>();
    for (Signature signature : contract.signatures()) {
      engineTypes(engine, signature, "input", signature.inputs(), problems);
      engineTypes(engine, signature, "output", signature.outputs(), problems);
    }
    if (engine != EngineKind.TENSORFLOW && contract.signatures().size() != 1) {
      problems.add(
          "a " + engine.djlName() + " model has one signature; the contract has "
              + contract.signatures().stream().map(Signature::name).toList());
    }
    model.ifPresent(described -> againstModel(engine, contract, described, problems));
    return problems;
  }

  private static void againstModel(EngineKind engine, Contract contract, Contract model, List<String> problems) {
    for (Signature signature : contract.signatures()) {
      Optional<Signature> own =
          engine == EngineKind.TENSORFLOW
              ? model.signature(signature.name())
              : model.signatures().stream().findFirst();
      if (own.isEmpty()) {
        problems.add(
            "signature '" + signature.name() + "' is not in the model (it has "
                + model.signatures().stream().map(Signature::name).toList() + ")");
        continue;
      }
      fields(signature, "input", signature.inputs(), own.get().inputs(), problems);
      for (Field modelInput : own.get().inputs()) {
        if (signature.input(modelInput.name()).isEmpty()) {
          problems.add(where(signature, "input", modelInput.name()) + " of the model is missing from the contract");
        }
      }
      fields(signature, "output", signature.outputs(), own.get().outputs(), problems);
    }
  }

  private static void engineTypes(
      EngineKind engine, Signature signature, String kind, List<Field> fields, List<String> problems) {
    for (Field field : fields) {
      if (field.isMap()) {
        problems.add(where(signature, kind, field.name()) + " is a map of subfields; engines take tensors only");
      } else {
        EngineDTypes.refusal(engine, field.dtype())
            .ifPresent(why -> problems.add(where(signature, kind, field.name()) + ": " + why));
      }
    }
  }

  private static void fields(
      Signature signature, String kind, List<Field> contract, List<Field> model, List<String> problems) {
    for (Field field : contract) {
      Optional<Field> own = model.stream().filter(f -> f.name().equals(field.name())).findFirst();
      String where = where(signature, kind, field.name());
      if (own.isEmpty()) {
        problems.add(
            where + " is not an " + kind + " of the model (model " + kind + "s: "
                + model.stream().map(Field::name).toList() + ")");
        continue;
      }
      if (field.dtype() != own.get().dtype()) {
        problems.add(where + ": contract dtype " + field.dtype() + ", model dtype " + own.get().dtype());
      }
      shapeProblem(field.shape(), own.get().shape()).ifPresent(p -> problems.add(where + ": " + p));
    }
  }

  private static Optional<String> shapeProblem(Shape contract, Shape model) {
    if (!contract.hasKnownRank() || !model.hasKnownRank()) {
      return Optional.empty();
    }
    if (contract.rank() != model.rank()) {
      return Optional.of(
          "contract shape " + contract + " has rank " + contract.rank() + ", model shape " + model + " has rank "
              + model.rank());
    }
    for (int i = 0; i < contract.rank(); i++) {
      if (contract.dim(i) != Shape.ANY && model.dim(i) != Shape.ANY && contract.dim(i) != model.dim(i)) {
        return Optional.of("contract shape " + contract + " conflicts with model shape " + model + " in dim " + i);
      }
    }
    return Optional.empty();
  }

  private static String where(Signature signature, String kind, String field) {
    return "signature '" + signature.name() + "' " + kind + " '" + field + "'";
  }
}
