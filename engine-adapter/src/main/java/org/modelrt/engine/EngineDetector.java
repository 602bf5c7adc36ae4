package org.modelrt.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.modelrt.contract.io.ContractReader;

/**
 * Finds the one model in a model directory and the engine that runs it, from file names alone (no natives).
 *
 * <p>The files are looked for in {@code <dir>/files} when it exists (Hydrosphere layout), else in {@code <dir>}:
 * {@code saved_model.pb} or {@code saved_model.pbtxt} at the top or one folder down (TensorFlow), {@code *.pt},
 * {@code *.pth}, {@code *.torchscript} (PyTorch), {@code *.onnx} (OnnxRuntime). Exactly one candidate must be found,
 * or exactly one of the engine the options name. A named engine overrides the file names: when no file has its
 * suffix, the directory's single regular file (contract files and dot files aside) is its model, whatever its name
 * ({@code model.bin}); TensorFlow still needs its SavedModel directory. Stateless and thread-safe.
 */
final class EngineDetector {
  private static final List<String> SAVED_MODEL_FILES = List.of("saved_model.pb", "saved_model.pbtxt");
  private static final List<String> TORCHSCRIPT_SUFFIXES = List.of(".pt", ".pth", ".torchscript");
  private static final String WHAT_IS_LOOKED_FOR =
      "saved_model.pb or saved_model.pbtxt (TensorFlow, at the top or one folder down), *.pt, *.pth or"
          + " *.torchscript (PyTorch), *.onnx (OnnxRuntime)";
  private static final int LISTED_ENTRIES = 20;

  private EngineDetector() {}

  /**
   * The model to load.
   *
   * @param modelDir the model directory, Hydrosphere layout or plain
   * @param engine the engine to use when set: only its files count, or, when none has its suffix, the single file
   * @throws ModelLoadException when the directory is missing, or has no candidate or several
   */
  static ModelFiles detect(Path modelDir, Optional<EngineKind> engine) throws ModelLoadException {
    Path root = filesRoot(modelDir);
    List<ModelFiles> found = candidates(root);
    List<ModelFiles> eligible =
        engine.map(kind -> found.stream().filter(f -> f.engine() == kind).toList()).orElse(found);
    if (eligible.isEmpty() && engine.isPresent() && engine.get() != EngineKind.TENSORFLOW) {
      eligible = singleFile(root, engine.get());
    }
    if (eligible.size() == 1) {
      return eligible.get(0);
    }
    String wanted = engine.map(kind -> kind.djlName() + " model").orElse("model");
    if (eligible.isEmpty()) {
      String lookedFor =
          engine.filter(kind -> kind != EngineKind.TENSORFLOW)
              .map(kind -> suffixes(kind) + ", else any single file")
              .orElse(WHAT_IS_LOOKED_FOR);
      throw new ModelLoadException(
          "no " + wanted + " in " + root + ": looked for " + lookedFor + "; found " + listing(root));
    }
    throw new ModelLoadException(
        "several " + wanted + " candidates in " + root + ": "
            + eligible.stream().map(f -> f.describe(root)).collect(Collectors.joining(", "))
            + "; keep one, or name the engine to use");
  }

  /** {@code <dir>/files} when it is a directory, else {@code <dir>} itself. */
  static Path filesRoot(Path modelDir) throws ModelLoadException {
    if (!Files.isDirectory(modelDir)) {
      throw new ModelLoadException(
          "model directory " + modelDir + (Files.exists(modelDir) ? " is not a directory" : " does not exist"));
    }
    Path files = modelDir.resolve("files");
    return Files.isDirectory(files) ? files : modelDir;
  }

  private static List<ModelFiles> candidates(Path root) throws ModelLoadException {
    List<ModelFiles> found = new ArrayList<>();
    savedModelIn(root).ifPresent(found::add);
    for (Path entry : entries(root)) {
      String name = entry.getFileName().toString();
      String lower = name.toLowerCase(Locale.ROOT);
      if (Files.isDirectory(entry)) {
        savedModelIn(entry).ifPresent(found::add);
      } else if (TORCHSCRIPT_SUFFIXES.stream().anyMatch(lower::endsWith)) {
        found.add(new ModelFiles(EngineKind.PYTORCH, entry, name));
      } else if (lower.endsWith(".onnx")) {
        found.add(new ModelFiles(EngineKind.ONNX_RUNTIME, entry, name));
      }
    }
    return found;
  }

  /**
   * The directory's one regular file as a model of {@code engine}, the engine being named and no file having its
   * suffix; empty when there is no such file.
   *
   * @throws ModelLoadException when there are several, naming them
   */
  private static List<ModelFiles> singleFile(Path root, EngineKind engine) throws ModelLoadException {
    List<Path> files =
        entries(root).stream()
            .filter(Files::isRegularFile)
            .filter(p -> !ContractReader.MODEL_DIR_FILES.contains(p.getFileName().toString()))
            .toList();
    if (files.size() > 1) {
      throw new ModelLoadException(
          "several files in " + root + " could be the " + engine.djlName() + " model (none is named "
              + suffixes(engine) + "): "
              + files.stream().map(p -> p.getFileName().toString()).collect(Collectors.joining(", "))
              + "; keep one, or give it the suffix");
    }
    return files.stream().map(p -> new ModelFiles(engine, p, p.getFileName().toString())).toList();
  }

  private static String suffixes(EngineKind engine) {
    return switch (engine) {
      case TENSORFLOW -> String.join(" or ", SAVED_MODEL_FILES);
      case PYTORCH -> "*.pt, *.pth or *.torchscript";
      case ONNX_RUNTIME -> "*.onnx";
    };
  }

  private static Optional<ModelFiles> savedModelIn(Path dir) {
    return SAVED_MODEL_FILES.stream()
        .filter(name -> Files.isRegularFile(dir.resolve(name)))
        .findFirst()
        .map(name -> new ModelFiles(EngineKind.TENSORFLOW, dir, name));
  }

  /** The directory's entries, sorted, hidden ones (dot files) left out. */
  private static List<Path> entries(Path dir) throws ModelLoadException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    } catch (IOException e) {
      throw ModelLoadException.cannotRead("cannot list model directory", dir, e);
    }
  }

  private static String listing(Path root) throws ModelLoadException {
    List<Path> entries = entries(root);
    if (entries.isEmpty()) {
      return "an empty directory";
    }
    String shown =
        entries.stream()
            .limit(LISTED_ENTRIES)
            .map(p -> p.getFileName() + (Files.isDirectory(p) ? "/" : ""))
            .collect(Collectors.joining(", "));
    return "[" + shown + (entries.size() > LISTED_ENTRIES ? ", ... " + entries.size() + " in all" : "") + "]";
  }
}
