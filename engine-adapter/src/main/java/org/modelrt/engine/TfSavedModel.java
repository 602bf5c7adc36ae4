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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.proto.ConfigProto;

/**
 * A TensorFlow SavedModel, loaded once with the {@code serve} tag and served through every signature: each contract
 * signature gets its own {@link TfSymbolBlock} over the one bundle, always by its explicit key (DJL would otherwise
 * fall back to an arbitrary signature). Inputs and outputs bind by signature key ({@link NamedBinding}).
 *
 * <p>A graph with upstream Hydrosphere's state collections carries its state from call to call ({@link TfGraphState});
 * its predictors run the session themselves ({@link StatefulTfPredictor}).
 *
 * <p>Session settings: the intra/inter-op thread counts of {@link EngineThreads}; GPU memory growth on unless
 * {@code TF_FORCE_GPU_ALLOW_GROWTH} says otherwise (TF would otherwise reserve the whole GPU).
 */
final class TfSavedModel implements EngineModel {
  private static final Logger LOG = LoggerFactory.getLogger(TfSavedModel.class);
  private static final String SERVE_TAG = "serve";
  private static final String GPU_GROWTH_ENV = "TF_FORCE_GPU_ALLOW_GROWTH";

  private final Model model;
  private final SavedModelBundle bundle;
  private final Contract described;
  private final Optional<TfGraphState> state;
  private final Map<String, TfSymbolBlock> blocks = new HashMap<>();

  private TfSavedModel(Model model, SavedModelBundle bundle, Contract described, Optional<TfGraphState> state) {
    this.model = model;
    this.bundle = bundle;
    this.described = described;
    this.state = state;
  }

  /** Loads the SavedModel in {@code files.path()}. */
  static TfSavedModel load(ModelFiles files, EngineOptions options) throws ModelLoadException {
    Model model = newModel(files);
    try {
      SavedModelBundle bundle = loadBundle(files, options);
      try {
        requireVariablesIndex(bundle.getMetaGraphDef(), files.path());
        Contract described = SavedModelSignatures.describe(bundle.getMetaGraphDef(), files.path().toString());
        Optional<TfGraphState> state = TfGraphState.of(bundle, files.path().toString());
        state.ifPresent(s -> LOG.info("{} is a stateful graph: its state is carried from call to call",
            files.path()));
        return new TfSavedModel(model, bundle, described, state);
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

  /** Op types of the graph nodes that hold variables a checkpoint restores (TF1 ref and TF2 resource variables). */
  private static final java.util.Set<String> VARIABLE_OPS = java.util.Set.of("VariableV2", "Variable", "VarHandleOp");

  /**
   * Refuses a graph with variables whose checkpoint index is missing: TensorFlow then loads it without restoring
   * them, and the first run fails with an "uninitialized value" error that names neither the file nor the cause.
   */
  static void requireVariablesIndex(org.tensorflow.proto.MetaGraphDef graph, java.nio.file.Path dir)
      throws ModelLoadException {
    java.util.List<String> variables = graph.getGraphDef().getNodeList().stream()
        .filter(node -> VARIABLE_OPS.contains(node.getOp())).map(org.tensorflow.proto.NodeDef::getName).toList();
    java.nio.file.Path index = dir.resolve("variables").resolve("variables.index");
    if (!variables.isEmpty() && !java.nio.file.Files.isRegularFile(index)) {
      throw new ModelLoadException("cannot load the SavedModel in " + dir + ": its graph has " + variables.size()
          + " variable(s) (" + String.join(", ", variables.subList(0, Math.min(3, variables.size())))
          + (variables.size() > 3 ? ", ..." : "") + ") but " + index + " is missing; copy the whole SavedModel"
          + " folder (saved_model.pb and variables/)");
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
  public EngineBinding bind(Signature signature) throws ModelLoadException {
    if (state.isPresent()) {
      StatefulTfPredictor.of(model, bundle, signature.name(), state.get()).close(); // fails on a missing tensor
    }
    return new NamedBinding(signature);
  }

  @Override
  public synchronized Predictor<NDList, NDList> newPredictor(Signature signature) {
    if (state.isPresent()) {
      try {
        return StatefulTfPredictor.of(model, bundle, signature.name(), state.get());
      } catch (ModelLoadException e) {
        throw new IllegalStateException(e.getMessage(), e); // bind() found every tensor already
      }
    }
    TfSymbolBlock block = blocks.computeIfAbsent(signature.name(), key -> new TfSymbolBlock(bundle, key));
    return new BlockPredictor(model, block);
  }

  @Override
  public NDManager manager() {
    return model.getNDManager();
  }

  /** Starts a stateful graph's state again from its zero-state tensors (after warmup). */
  @Override
  public void resetState() {
    state.ifPresent(TfGraphState::reset);
  }

  /**
   * Closes the state, the blocks (each also closes the shared bundle, which tolerates that), the bundle, then the
   * model.
   */
  @Override
  public synchronized void close() {
    state.ifPresent(TfGraphState::close);
    blocks.values().forEach(TfSymbolBlock::close);
    blocks.clear();
    bundle.close();
    model.close();
  }
}
