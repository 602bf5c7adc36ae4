package org.modelrt.engine;

import java.nio.file.Path;

/** Loads a model directory into a ready {@link LoadedModel}. */
public final class ModelLoader {
  private ModelLoader() {}

  /**
   * Detects the engine (unless the options name one), reads or derives the contract, loads the model through DJL,
   * checks the contract against the model and warms it up.
   *
   * @param modelDir a Hydrosphere model directory ({@code contract.protobin} + {@code files/}) or a directory that
   *     holds the model files directly
   * @throws ModelLoadException with a human-readable reason
   */
  public static LoadedModel load(Path modelDir, EngineOptions options) throws ModelLoadException {
    throw new UnsupportedOperationException("in progress on branch engine");
  }

  /**
   * Loads every engine's natives once (unpacking them into the DJL cache where DJL does so), so an image can bake
   * them in at build time. Used by {@code modelrt --prepare-engines}.
   */
  public static void prepareEngines() throws ModelLoadException {
    throw new UnsupportedOperationException("in progress on branch engine");
  }
}
