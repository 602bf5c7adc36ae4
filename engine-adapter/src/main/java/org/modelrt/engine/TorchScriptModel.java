package org.modelrt.engine;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.modelrt.contract.Contract;
import org.modelrt.contract.Signature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TorchScript archive. The archive is inspected before libtorch sees it ({@link TorchScriptArchive}): a pickled eager
 * model is refused with the export hint, {@code forward}'s parameter names give the input order, and the
 * {@code signature.json} extra file, when present, describes the model. Inputs bind by position
 * ({@link PositionalBinding}, ordered by {@link TorchScriptOrder}).
 *
 * <p>Threads: PyTorch's counts are process-wide, set through DJL's properties before the engine starts; a later model
 * can still change the intra-op count, not the inter-op one.
 */
final class TorchScriptModel implements EngineModel {
  private static final Logger LOG = LoggerFactory.getLogger(TorchScriptModel.class);

  private final Model model;
  private final TorchScriptArchive archive;
  private final Optional<Contract> described;

  private TorchScriptModel(Model model, TorchScriptArchive archive, Optional<Contract> described) {
    this.model = model;
    this.archive = archive;
    this.described = described;
  }

  /** Loads the archive {@code files.path()}. */
  static TorchScriptModel load(ModelFiles files, EngineOptions options) throws ModelLoadException {
    TorchScriptArchive archive = TorchScriptArchive.read(files.path());
    Optional<Contract> described = Optional.empty();
    if (archive.signatureJson().isPresent()) {
      String source = TorchScriptArchive.SIGNATURE_FILE + " in " + files.path();
      Signature own = TorchScriptSignature.parse(archive.signatureJson().get(), source);
      described = Optional.of(new Contract("", List.of(own)));
    }
    Engine engine = startEngine(EngineThreads.resolve(EngineKind.PYTORCH, options));
    Device device = DeviceSelection.choose(engine);
    Model model = Model.newInstance(files.fileName(), device, EngineKind.PYTORCH.djlName());
    try {
      model.load(files.path(), null, Map.of("mapLocation", "true"));
      return new TorchScriptModel(model, archive, described);
    } catch (IOException | MalformedModelException | RuntimeException e) {
      model.close();
      throw new ModelLoadException("libtorch cannot load " + files.path() + ": " + e.getMessage(), e);
    }
  }

  /** Starts PyTorch with the thread counts (if nothing set them before), or adjusts the intra-op count. */
  private static Engine startEngine(EngineThreads threads) {
    DjlSettings.setIfAbsent(EngineThreads.intraProperty(EngineKind.PYTORCH), Integer.toString(threads.intraOp()));
    DjlSettings.setIfAbsent(EngineThreads.interProperty(EngineKind.PYTORCH), Integer.toString(threads.interOp()));
    Engine engine = Engine.getEngine(EngineKind.PYTORCH.djlName());
    if (JniUtils.getNumThreads() != threads.intraOp()) {
      JniUtils.setNumThreads(threads.intraOp());
    }
    if (JniUtils.getNumInteropThreads() != threads.interOp()) {
      LOG.info(
          "PyTorch keeps {} inter-op threads (set when the engine started); {} asked",
          JniUtils.getNumInteropThreads(), threads.interOp());
    }
    return engine;
  }

  @Override
  public EngineKind engine() {
    return EngineKind.PYTORCH;
  }

  @Override
  public Optional<Contract> describe() {
    return described;
  }

  @Override
  public EngineBinding bind(Signature signature) throws ModelLoadException {
    return TorchScriptOrder.bind(
        signature, archive.forward(), described.flatMap(c -> c.signatures().stream().findFirst()));
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
  }
}
