package org.modelrt.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.modelrt.contract.Contract;
import org.modelrt.contract.Field;
import org.modelrt.contract.Shape;
import org.modelrt.contract.Signature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a contract against the model once, at load time, and reports every mismatch in one message: field types the
 * engine cannot take, signatures the model lacks, input and output names that do not exist, dtypes that disagree,
 * shapes of a different rank or with a conflicting fixed size, and model inputs the contract leaves out. Shapes that
 * differ the ways upstream Hydrosphere tolerated ({@link ShapeTolerance}) load, with one WARN line per field naming
 * both shapes.
 *
 * <p>TensorFlow signatures are matched by name (contract signature name = SavedModel signature key); a TorchScript or
 * ONNX model has exactly one signature, matched whatever its name: a contract with several is refused, and each of
 * its signatures is still checked against that one, so that the one message lists every field to fix. Stateless.
 */
final class ContractCheck {
  private static final Logger LOG = LoggerFactory.getLogger(ContractCheck.class);

  /** What one walk over the contract found: reasons to refuse it, and tolerated differences to warn about. */
  private record Findings(List<String> problems, List<String> warnings) {}

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
    Findings findings = check(engine, contract, model);
    List<String> problems = findings.problems();
    if (problems.isEmpty()) {
      findings.warnings().forEach(LOG::warn);
      return;
    }
    StringBuilder message = new StringBuilder("the contract does not match the model (");
    message.append(problems.size()).append(problems.size() == 1 ? " problem)" : " problems)");
    for (int i = 0; i < problems.size(); i++) {
      message.append(i == 0 ? ": " : "; ").append(i + 1).append(") ").append(problems.get(i));
    }
    throw new ModelLoadException(message.toString());
  }

  /** The reasons to refuse the contract; empty when it loads. */
  static List<String> mismatches(EngineKind engine, Contract contract, Optional<Contract> model) {
    return check(engine, contract, model).problems();
  }

  /** The differences from the model that load with a warning, one line per field. */
  static List<String> tolerated(EngineKind engine, Contract contract, Optional<Contract> model) {
    return check(engine, contract, model).warnings();
  }

  /**
   * The model's signature a contract signature runs: the one of the same name for TensorFlow, the only one otherwise.
   */
  static Optional<Signature> counterpart(EngineKind engine, Contract model, Signature signature) {
    return engine == EngineKind.TENSORFLOW
        ? model.signature(signature.name())
        : model.signatures().stream().findFirst();
  }

  private static Findings check(EngineKind engine, Contract contract, Optional<Contract> model) {
    Findings findings = new Findings(new ArrayList<>(), new ArrayList<>());
    List<String> problems = findings.problems();
    for (Signature signature : contract.signatures()) {
      engineTypes(engine, signature, "input", signature.inputs(), problems);
      engineTypes(engine, signature, "output", signature.outputs(), problems);
    }
    if (engine != EngineKind.TENSORFLOW && contract.signatures().size() != 1) {
      problems.add(
          "a " + engine.djlName() + " model has one signature; the contract has "
              + contract.signatures().stream().map(Signature::name).toList());
    }
    model.ifPresent(described -> againstModel(engine, contract, described, findings));
    return findings;
  }

  private static void againstModel(EngineKind engine, Contract contract, Contract model, Findings findings) {
    List<String> problems = findings.problems();
    for (Signature signature : contract.signatures()) {
      Optional<Signature> own = counterpart(engine, model, signature);
      if (own.isEmpty()) {
        problems.add(
            "signature '" + signature.name() + "' is not in the model (it has "
                + model.signatures().stream().map(Signature::name).toList() + ")");
        continue;
      }
      fields(signature, "input", signature.inputs(), own.get().inputs(), findings);
      for (Field modelInput : own.get().inputs()) {
        if (signature.input(modelInput.name()).isEmpty()) {
          problems.add(where(signature, "input", modelInput.name()) + " of the model is missing from the contract");
        }
      }
      fields(signature, "output", signature.outputs(), own.get().outputs(), findings);
    }
  }

  private static void engineTypes(
      EngineKind engine, Signature signature, String kind, List<Field> fields, List<String> problems) {
    for (Field field : fields) {
      if (field.isMap()) {
        problems.add(where(signature, kind, field.name()) + " is a map of subfields; engines take tensors only");
      } else {
        DTypeTable.refusal(engine, field.dtype())
            .ifPresent(why -> problems.add(where(signature, kind, field.name()) + ": " + why));
      }
    }
  }

  private static void fields(
      Signature signature, String kind, List<Field> contract, List<Field> model, Findings findings) {
    List<String> problems = findings.problems();
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
      shapes(field.shape(), own.get().shape(), where, kind, findings);
    }
  }

  private static void shapes(Shape contract, Shape model, String where, String kind, Findings findings) {
    switch (ShapeTolerance.compare(contract, model)) {
      case SAME -> { }
      case LOOSER -> findings.warnings().add(
          where + ": contract shape " + contract + " and model shape " + model + " differ in sizes known on one"
              + " side only; loaded as upstream Hydrosphere does");
      case MODEL_ADDS_BATCH_DIM -> findings.warnings().add(
          where + ": contract shape " + contract + " lacks the leading batch dim of model shape " + model
              + "; loaded as upstream Hydrosphere does (" + (kind.equals("input") ? "the engine is fed a leading 1"
              : "answers carry the contract's shape when it is fully known") + ")");
      case CONFLICT -> findings.problems().add(where + ": " + conflict(contract, model));
    }
  }

  private static String conflict(Shape contract, Shape model) {
    if (contract.rank() != model.rank()) {
      return "contract shape " + contract + " has rank " + contract.rank() + ", model shape " + model + " has rank "
          + model.rank();
    }
    int dim = 0;
    while (contract.dim(dim) == Shape.ANY || model.dim(dim) == Shape.ANY || contract.dim(dim) == model.dim(dim)) {
      dim++;
    }
    return "contract shape " + contract + " conflicts with model shape " + model + " in dim " + dim;
  }

  private static String where(Signature signature, String kind, String field) {
    return "signature '" + signature.name() + "' " + kind + " '" + field + "'";
  }
}
