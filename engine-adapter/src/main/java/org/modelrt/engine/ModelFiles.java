package org.modelrt.engine;

import java.nio.file.Path;

/**
 * The model file an engine loads, as found by {@link EngineDetector}.
 *
 * @param engine the engine that runs it
 * @param path what DJL loads: the directory holding {@code saved_model.pb(txt)} for TensorFlow, the archive for
 *     PyTorch, the {@code .onnx} file for OnnxRuntime
 * @param fileName the file that identified the engine ({@code saved_model.pb}, {@code model.pt}, ...)
 */
record ModelFiles(EngineKind engine, Path path, String fileName) {

  /** {@code files/model.pt (PyTorch)}, relative to {@code root}. */
  String describe(Path root) {
    Path marker = engine == EngineKind.TENSORFLOW ? path.resolve(fileName) : path;
    return root.relativize(marker) + " (" + engine.djlName() + ")";
  }
}
