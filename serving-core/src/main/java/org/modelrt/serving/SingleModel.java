package org.modelrt.serving;

import java.nio.file.Path;
import org.modelrt.engine.LoadedModel;

/**
 * A Hydrosphere-mode registry whose one model the caller loads and closes itself (benchmarks, tests, embedding):
 * {@link #serving} puts it in as version 1, {@link #failed} and {@link #stopping} set the state health reports.
 * The registry never closes the model. Thread-safe.
 */
public final class SingleModel {
  private static final String NAME = "default";

  private final ModelRegistry registry;
  private final ServedModel model;

  /** Loading, with {@code loadingMessage} (what health and refused calls say meanwhile). */
  public SingleModel(String loadingMessage) {
    this.registry = new ModelRegistry(ModelRegistry.Mode.HYDROSPHERE, new ServingState(loadingMessage));
    this.model = registry.addModel(NAME);
  }

  /** Already serving {@code loaded}. */
  public static SingleModel serving(LoadedModel loaded) {
    SingleModel single = new SingleModel("loading the model");
    single.serving(loaded, "serving the " + loaded.engine().djlName() + " model");
    return single;
  }

  public ModelRegistry registry() {
    return registry;
  }

  public ServingState state() {
    return registry.state();
  }

  /** Serves {@code loaded} from now on; health turns SERVING with {@code message}. */
  public void serving(LoadedModel loaded, String message) {
    ServableVersion version = new ServableVersion(NAME, 1, Path.of(""));
    version.available(loaded, loaded.contract());
    model.versions().put(1L, version);
    registry.state().serving(message);
  }

  /** Loading failed with {@code reason}. */
  public void failed(String reason) {
    registry.state().failed(reason);
  }

  /** Shutting down; calls already accepted still run on the model. */
  public void stopping(String message) {
    registry.state().stopping(message);
  }
}
