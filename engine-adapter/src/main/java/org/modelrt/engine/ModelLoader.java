package org.modelrt.engine;

import ai.djl.engine.Engine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.modelrt.contract.Contract;
import org.modelrt.contract.ContractFormatException;
import org.modelrt.contract.io.ContractReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a model directory into a ready {@link LoadedModel}: DJL settings and natives, engine detection, the engine's
 * load, the contract (given or derived) and its check against the model, binding, predictor pools, warmup. Every step
 * that fails closes what the earlier ones opened and says why in a {@link ModelLoadException}. Stateless and
 * thread-safe; each call loads a separate model.
 */
public final class ModelLoader {
  private static final Logger LOG = LoggerFactory.getLogger(ModelLoader.class);

  private ModelLoader() {}

  /**
   * Detects the engine (unless the options name one), reads or derives the contract, loads the model through DJL,
   * checks the contract against the model and warms it up.
   *
   * @param modelDir a Hydrosphere model directory ({@code contract.protobin} + {@code files/}) or a directory that
   *     holds the model files directly
   * @return the ready model; the caller closes it
   * @throws ModelLoadException with a human-readable reason
   */
  public static LoadedModel load(Path modelDir, EngineOptions options) throws ModelLoadException {
    return load(modelDir, options, ModelLoader::contractFiles);
  }

  /**
   * Checks, loading nothing, that {@code modelDir} holds exactly one model the options allow: what a user gets wrong
   * before the start (a missing or empty directory, no model file, several).
   *
   * @throws ModelLoadException naming the directory and what is in it
   */
  public static void checkModelFiles(Path modelDir, EngineOptions options) throws ModelLoadException {
    EngineDetector.detect(modelDir, options.engine());
  }

  /** {@link #load(Path, EngineOptions)} with the given contract taken from {@code contracts}. */
  static LoadedModel load(Path modelDir, EngineOptions options, ContractSource contracts) throws ModelLoadException {
    long start = System.nanoTime();
    DjlSettings.apply();
    NativeLibraries.locate();
    ModelFiles files = EngineDetector.detect(modelDir, options.engine());
    Optional<Contract> given = contracts.read(modelDir);
    LOG.debug("loading {} with {}", files.path(), files.engine().djlName());
    DjlLoadedModel model = bound(files, options, given);
    try {
      long warmup = System.nanoTime();
      Warmup.run(model, options.warmupRuns());
      model.resetState(); // warmup ran on zeros; a stateful graph starts from its zero state, as upstream's does
      model.warmedUp((System.nanoTime() - warmup) / 1_000_000);
    } catch (ModelLoadException | RuntimeException e) {
      model.close();
      throw e instanceof ModelLoadException m ? m : unexpected(files, e);
    }
    // The one INFO line of a load is the serving core's (name, version, engine, device, signatures, times).
    LOG.debug(
        "{} ready in {} ms: {}", files.path(), (System.nanoTime() - start) / 1_000_000, model.contract());
    return model;
  }

  private static DjlLoadedModel bound(ModelFiles files, EngineOptions options, Optional<Contract> given)
      throws ModelLoadException {
    EngineModel engineModel = loadEngine(files, options);
    try {
      Contract contract = given.isPresent() ? given.get() : derived(engineModel, files);
      ContractCheck.verify(files.engine(), contract, engineModel.describe());
      return DjlLoadedModel.bind(engineModel, contract, options);
    } catch (ModelLoadException | RuntimeException e) {
      engineModel.close();
      throw e instanceof ModelLoadException m ? m : unexpected(files, e);
    }
  }

  private static EngineModel loadEngine(ModelFiles files, EngineOptions options) throws ModelLoadException {
    requireNotEmpty(files);
    try {
      return switch (files.engine()) {
        case TENSORFLOW -> TfSavedModel.load(files, options);
        case PYTORCH -> TorchScriptModel.load(files, options);
        case ONNX_RUNTIME -> OnnxModel.load(files, options);
      };
    } catch (RuntimeException e) {
      throw unexpected(files, e);
    }
  }

  /**
   * An empty model file (a copy that failed, a placeholder) is refused before the engine sees it: engines answer it
   * with their own internals (ONNX Runtime quotes a C++ constructor's signature).
   */
  static void requireNotEmpty(ModelFiles files) throws ModelLoadException {
    java.nio.file.Path file = files.engine() == EngineKind.TENSORFLOW ? files.path().resolve(files.fileName())
        : files.path();
    try {
      if (java.nio.file.Files.isRegularFile(file) && java.nio.file.Files.size(file) == 0) {
        throw new ModelLoadException(file + " is empty (0 bytes); copy the model file again");
      }
    } catch (java.io.IOException e) {
      // Unreadable: the engine's own load reports it.
    }
  }

  private static Contract derived(EngineModel engineModel, ModelFiles files) throws ModelLoadException {
    return engineModel.describe().orElseThrow(() -> new ModelLoadException(
        files.path() + " does not say what it takes: add a contract (contract.protobin, contract.prototxt or"
            + " contract.json) to the model directory, or save the model with torch.jit.save(model, path,"
            + " _extra_files={'" + TorchScriptArchive.SIGNATURE_FILE + "': signature}) where signature is "
            + TorchScriptSignature.FORMAT + " (inputs in forward() order)"));
  }

  /** The contract file in the model directory ({@code contract.protobin}, {@code .prototxt} or {@code .json}). */
  private static Optional<Contract> contractFiles(Path modelDir) throws ModelLoadException {
    try {
      return ContractReader.readFromModelDir(modelDir);
    } catch (ContractFormatException e) {
      throw new ModelLoadException("the contract of " + modelDir + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static ModelLoadException unexpected(ModelFiles files, Exception e) {
    return new ModelLoadException(
        files.engine().djlName() + " failed to load " + files.path() + ": " + e, e);
  }

  /**
   * Loads every engine's natives once (unpacking them into the DJL cache where DJL does so), so an image can bake
   * them in at build time. Used by {@code modelrt --prepare-engines}.
   */
  public static void prepareEngines() throws ModelLoadException {
    DjlSettings.apply();
    NativeLibraries.locate();
    List<String> failures = new ArrayList<>();
    for (EngineKind kind : EngineKind.values()) {
      try {
        Engine engine = Engine.getEngine(kind.djlName());
        LOG.info("{} {} natives ready", engine.getEngineName(), engine.getVersion());
      } catch (RuntimeException | LinkageError e) {
        failures.add(kind.djlName() + ": " + e.getMessage());
      }
    }
    if (!failures.isEmpty()) {
      throw new ModelLoadException("engines that did not start: " + String.join("; ", failures));
    }
  }
}
