package org.modelrt.engine;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.tensorflow.engine.SavedModelBundle;
import ai.djl.tensorflow.engine.TfSymbolBlock;
import ai.djl.tensorflow.engine.javacpp.JavacppUtils;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.modelrt.contract.Contract;
import org.modelrt.contract.Signature;
import org.tensorflow.proto.ConfigProto;

/**
 * A TensorFlow SavedModel, loaded once with the {@code serve} tag and served through every signature: each contract
 * signature gets its own {@link TfSymbolBlock} over the one bundle, always by its explicit key (DJL would otherwise
 * fall back to an arbitrary signature). Inputs and outputs bind by signature key ({@link NamedBinding}).
 *
 * <p>Session settings: the intra/inter-op thread counts of {@link EngineThreads}; GPU memory growth on unless
 * {@code TF_FORCE_GPU_ALLOW_GROWTH} says otherwise (TF would otherwise reserve the whole GPU).
 */
final class TfSavedModel implements EngineModel {
  private static final String SERVE_TAG = "serve";
  private static final String GPU_GROWTH_ENV = "TF_FORCE_GPU_ALLOW_GROWTH";

  private final Model model;
  private final SavedModelBundle bundle;
  private final Contract described;
  private final Map<String, TfSymbolBlock> blocks = new HashMap<>();

  private TfSavedModel(Model model, SavedModelBundle bundle, Contract described) {
    this.model = model;
    this.bundle = bundle;
    this.described = described;
  }

  /** Loads the SavedModel in {@code files.path()}. */
  static TfSavedModel load(ModelFiles files, EngineOptions options) throws ModelLoadException {
    Model model = newModel(files);
    try {
      SavedModelBundle bundle = loadBundle(files, options);
      try {
        Contract described = SavedModelSignatures.describe(bundle.getMetaGraphDef(), files.path().toString());
        return new TfSavedModel(model, bundle, described);
      } catch (ModelLoadException | RuntimeException e) {
        bundle.close();
        throw e;
      }
    } catch (ModelLoadException | RuntimeException e) {
      model.close();
      throw e;
    }
  }

  private static SavedModelBundle loadBundle(ModelFiles files, EngineOptions options) throws ModelLoadException {
    ConfigProto config = sessionConfig(options);
    try {
      return JavacppUtils.loadSavedModelBundle(files.path().toString(), new String[] {SERVE_TAG}, config, null);
    } catch (RuntimeException e) {
      throw new ModelLoadException(
          "cannot load the SavedModel in " + files.path() + " (tag '" + SERVE_TAG + "'): " + e.getMessage(), e);
    }
  }

  private static Model newModel(ModelFiles files) throws ModelLoadException {
    try {
      Engine engine = Engine.getEngine(EngineKind.TENSORFLOW.djlName());
      Device device = DeviceSelection.choose(engine);
      return Model.newInstance(files.path().getFileName().toString(), device, EngineKind.TENSORFLOW.djlName());
    } catch (RuntimeException e) {
      throw new ModelLoadException(
          "TensorFlow did not start: " + e.getMessage() + "; its natives are looked for in TENSORFLOW_LIBRARY_PATH ("
              + NativeLibraries.tensorflowPath().orElse("not set") + ") or native/tensorflow beside modelrt",
          e);
    }
  }

  /**
   * The session settings the bundle is loaded with; package-private because TensorFlow cannot be asked for them
   * once the session exists.
   */
  static ConfigProto sessionConfig(EngineOptions options) {
    EngineThreads threads = EngineThreads.resolve(EngineKind.TENSORFLOW, options);
    ConfigProto.Builder config =
        JavacppUtils.getSessionConfig().toBuilder()
            .setIntraOpParallelismThreads(threads.intraOp())
            .setInterOpParallelismThreads(threads.interOp());
    if (System.getenv(GPU_GROWTH_ENV) == null) {
      config.setGpuOptions(config.getGpuOptions().toBuilder().setAllowGrowth(true));
    }
    return config.build();
  }

  @Override
  public EngineKind engine() {
    return EngineKind.TENSORFLOW;
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
  public synchronized Predictor<NDList, NDList> newPredictor(Signature signature) {
    TfSymbolBlock block = blocks.computeIfAbsent(signature.name(), key -> new TfSymbolBlock(bundle, key));
    return new BlockPredictor(model, block);
  }

  @Override
  public NDManager manager() {
    return model.getNDManager();
  }

  /** Closes the blocks (each also closes the shared bundle, which tolerates that), the bundle, then the model. */
  @Override
  public synchronized void close() {
    blocks.values().forEach(TfSymbolBlock::close);
    blocks.clear();
    bundle.close();
    model.close();
  }
}
