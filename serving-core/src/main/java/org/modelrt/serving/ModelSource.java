package org.modelrt.serving;

import java.nio.file.Path;
import org.modelrt.engine.EngineOptions;
import org.modelrt.engine.LoadedModel;
import org.modelrt.engine.ModelLoadException;

/** Loads one model directory: {@code ModelLoader::load} in production, a fake in tests. Must be thread-safe. */
@FunctionalInterface
public interface ModelSource {
  LoadedModel load(Path modelDir, EngineOptions options) throws ModelLoadException;
}
