/**
 * Runs a model directory on TensorFlow, PyTorch or ONNX Runtime through DJL, offline, with the natives from Maven
 * Central.
 *
 * <p>Public surface: {@link org.modelrt.engine.ModelLoader} turns a model directory and {@link
 * org.modelrt.engine.EngineOptions} into a ready {@link org.modelrt.engine.LoadedModel}, or a {@link
 * org.modelrt.engine.ModelLoadException} saying why not; {@link org.modelrt.engine.StringTensors} moves byte strings
 * in and out of arrays; {@link org.modelrt.engine.InferenceException} (ours, or {@link
 * org.modelrt.engine.InputRefusedException}: the engine refused the caller's inputs) and {@link
 * org.modelrt.engine.ModelBusyException} are the runtime failures.
 *
 * <p>Inside, one step per class: {@code EngineDetector} (which engine, from file names), {@code TfSavedModel} /
 * {@code TorchScriptModel} / {@code OnnxModel} (the engine's load and what the model says about itself), {@code
 * ContractCheck} (a given contract against the model, every mismatch at once), {@code NamedBinding} / {@code
 * PositionalBinding} (how arrays meet the engine), {@code PredictorPool} (the {@code InferenceRunner} seam a batcher
 * will wrap), {@code Warmup}, and {@code DjlSettings} / {@code NativeLibraries} (offline mode and natives found
 * without environment variables).
 */
package org.modelrt.engine;
