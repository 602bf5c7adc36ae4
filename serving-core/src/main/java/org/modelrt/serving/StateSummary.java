package org.modelrt.serving;

import java.util.ArrayList;
import java.util.List;
import org.modelrt.contract.Signature;
import org.modelrt.engine.LoadedModel;

/**
 * The overall state from the models' versions, as health and G2 Status report it: SERVING when every configured model
 * has a version taking calls, FAILED when one has none and none loading (with its reason), LOADING otherwise. In
 * Hydrosphere mode the messages are the single model's, as they always were. Stateless.
 */
final class StateSummary {
  private StateSummary() {}

  static void update(ModelRegistry registry, List<ModelEntry> entries) {
    ServingState state = registry.state();
    List<String> serving = new ArrayList<>();
    String failed = null;
    boolean loading = false;
    for (ModelEntry entry : entries) {
      ServedModel model = registry.model(entry.name());
      if (model == null) {
        continue;
      }
      if (model.anyAvailable()) {
        serving.add(describe(registry, model));
      } else if (isLoading(model)) {
        loading = true;
      } else if (failed == null) {
        failed = registry.mode() == ModelRegistry.Mode.HYDROSPHERE ? firstError(model)
            : "model '" + model.name() + "' has no version available: " + model.whyNoneAvailable();
      }
    }
    if (entries.isEmpty()) {
      state.failed("no model is configured");
    } else if (serving.size() == entries.size()) {
      state.serving(registry.mode() == ModelRegistry.Mode.HYDROSPHERE ? serving.get(0)
          : "serving " + String.join(", ", serving));
    } else if (loading) {
      state.loading(state.snapshot().phase() == ServingState.Phase.LOADING ? state.snapshot().message()
          : "loading " + entries.size() + " models");
    } else {
      state.failed(failed);
    }
  }

  private static boolean isLoading(ServedModel model) {
    for (ServableVersion v : model.versions().values()) {
      if (v.state() == VersionState.START || v.state() == VersionState.LOADING) {
        return true;
      }
    }
    return false;
  }

  private static String firstError(ServedModel model) {
    for (ServableVersion v : model.versions().descendingMap().values()) {
      if (!v.error().isEmpty()) {
        return v.error();
      }
    }
    return "the model has no version";
  }

  private static String describe(ModelRegistry registry, ServedModel model) {
    if (registry.mode() == ModelRegistry.Mode.HYDROSPHERE) {
      ServableVersion v = model.versions().get(model.available().get(0));
      LoadedModel loaded = v.loaded();
      String engine = loaded == null ? "" : loaded.engine().djlName() + " ";
      List<String> signatures = loaded == null ? List.of()
          : loaded.contract().signatures().stream().map(Signature::name).toList();
      return "serving the " + engine + "model from " + v.dir() + ", signatures " + signatures;
    }
    return "'" + model.name() + "' versions " + model.available();
  }
}
