package org.modelrt.engine;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.onnxruntime.engine.OrtNDManager;
import ai.djl.onnxruntime.engine.OrtSymbolBlock;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import java.util.Optional;
import org.modelrt.contract.Contract;
import org.modelrt.contract.Signature;

/**
 * An ONNX model. modelrt opens the ONNX Runtime session itself (rather than through {@code OrtModel.load}) so that it
 * holds the session's graph description and its options, then hands it to DJL as the model's block. Inputs and outputs
 * bind by graph name ({@link NamedBinding}).
 *
 * <p>Session settings: the intra/inter-op thread counts of {@link EngineThreads}, all graph optimisations, CUDA when
 * {@link DeviceSelection} chose a GPU.
 */
final class OnnxModel implements EngineModel {
  private final Model model;
  private final SessionOptions sessionOptions;
  private final Contract described;

  private OnnxModel(Model model, SessionOptions sessionOptions, Contract described) {
    this.model = model;
    this.sessionOptions = sessionOptions;
    this.described = described;
  }

  /** Loads the {@code .onnx} file {@code files.path()}. */
  static OnnxModel load(ModelFiles files, EngineOptions options) throws ModelLoadException {
    Engine engine = Engine.getEngine(EngineKind.ONNX_RUNTIME.djlName());
    Device device = DeviceSelection.choose(engine);
    Model model = Model.newInstance(files.fileName(), device, EngineKind.ONNX_RUNTIME.djlName());
    SessionOptions sessionOptions = new SessionOptions();
    try {
      configure(sessionOptions, EngineThreads.resolve(EngineKind.ONNX_RUNTIME, options), device);
      OrtSession session =
          OrtEnvironment.getEnvironment().createSession(files.path().toString(), sessionOptions);
      // The block attaches itself to the model's manager, which closes it (and the session) with the model.
      model.setBlock(new OrtSymbolBlock(session, (OrtNDManager) model.getNDManager()));
      return new OnnxModel(model, sessionOptions, OnnxGraphSignature.describe(session, files.path().toString()));
    } catch (OrtException | RuntimeException | ModelLoadException e) {
      model.close();
      sessionOptions.close();
      throw e instanceof ModelLoadException m
          ? m
          : new ModelLoadException("cannot load the ONNX model " + files.path() + ": " + e.getMessage(), e);
    }
  }

  private static void configure(SessionOptions options, EngineThreads threads, Device device) throws OrtException {
    options.setIntraOpNumThreads(threads.intraOp());
    options.setInterOpNumThreads(threads.interOp());
    options.setOptimizationLevel(SessionOptions.OptLevel.ALL_OPT);
    if (device.isGpu()) {
      options.addCUDA(device.getDeviceId());
    }
  }

  @Override
  public EngineKind engine() {
    return EngineKind.ONNX_RUNTIME;
  }

  @Override
  public Optional<Contract> describe() {
    return Optional.of(described);
  }

  @Override
  public EngineBinding bind(Signature signature) {
    return new NamedBinding(signature);
  }

  @Override
  public Predictor<NDList, NDList> newPredictor(Signature signature) {
    return new BlockPredictor(model);
  }

  @Override
  public NDManager manager() {
    return model.getNDManager();
  }

  @Override
  public void close() {
    model.close();
    sessionOptions.close();
  }
}
