package org.modelrt.serving;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.modelrt.serving.ServingException.Code;

/**
 * Model name -> versions -> loaded model, plus version labels: what every front asks for the model a call runs on.
 * In {@link Mode#HYDROSPHERE} there is one model and any name (or none) means it; in {@link Mode#TF_SERVING} a call
 * names its model (no name means the only one, when one is configured), and an unknown model, version or label is
 * NOT_FOUND naming what was asked and what is served.
 *
 * <p>Thread-safe; calls never lock. The {@link VersionManager} adds and retires versions; a call holds its version
 * through a {@link Lease}, so a version swapped out under load is unloaded only after its calls have finished.
 */
public final class ModelRegistry {
  /** How calls name models. */
  public enum Mode {
    /** One model, from MODEL_DIR; any {@code model_spec.name} is accepted. */
    HYDROSPHERE,
    /** TF Serving's: models by name, versions by number or label. */
    TF_SERVING
  }

  /** How many times a call looks again for a version when the one it found was retired under it. */
  private static final int RETRIES = 3;
  private static final int LISTED = 10;

  private final Mode mode;
  private final ServingState state;
  private volatile Map<String, ServedModel> models = Map.of();

  public ModelRegistry(Mode mode, ServingState state) {
    this.mode = mode;
    this.state = state;
  }

  public Mode mode() {
    return mode;
  }

  /** The overall state health and G2 Status report. */
  public ServingState state() {
    return state;
  }

  /** The served models' names, in configuration order. */
  public List<String> modelNames() {
    return List.copyOf(models.keySet());
  }

  /**
   * A hold on the version {@code ref} asks for: the one named by number or label, else the highest available one.
   *
   * @throws ServingException NOT_FOUND for an unknown model, version or label; UNAVAILABLE when the model has no
   *     version taking calls (loading, failed, shutting down)
   */
  public Lease acquire(ModelRef ref) {
    ServedModel model = find(ref.name());
    for (int attempt = 0; attempt < RETRIES; attempt++) {
      ServableVersion version = pick(model, ref);
      if (version.tryAcquire()) {
        return new Lease(version);
      }
    }
    throw unavailable(model);
  }

  /**
   * The status of every version of the model {@code ref} names, or of the one version it names (by number, or by
   * a label: the version the label is on now).
   *
   * @throws ServingException NOT_FOUND for an unknown model, label or a version the registry has never seen
   */
  public List<VersionStatus> status(ModelRef ref) {
    ServedModel model = find(ref.name());
    if (mode == Mode.TF_SERVING && ref.version().isEmpty() && !ref.label().isEmpty()) {
      ref = new ModelRef(ref.name(), java.util.OptionalLong.of(pick(model, ref).version()), "");
    }
    List<VersionStatus> statuses = new ArrayList<>();
    for (ServableVersion v : model.versions().descendingMap().values()) {
      boolean wanted = ref.version().isEmpty() || ref.version().getAsLong() == v.version();
      if (wanted) {
        statuses.add(new VersionStatus(model.name(), v.version(), v.state(), v.error()));
      }
    }
    if (statuses.isEmpty() && ref.version().isPresent()) {
      throw notFound(ref, model);
    }
    return statuses;
  }

  ServedModel model(String name) {
    return models.get(name);
  }

  synchronized ServedModel addModel(String name) {
    ServedModel existing = models.get(name);
    if (existing != null) {
      return existing;
    }
    Map<String, ServedModel> next = new LinkedHashMap<>(models);
    ServedModel model = new ServedModel(name);
    next.put(name, model);
    models = next;
    return model;
  }

  synchronized void removeModel(String name) {
    Map<String, ServedModel> next = new LinkedHashMap<>(models);
    next.remove(name);
    models = next;
  }

  /** Every model, for the manager's bookkeeping. */
  Map<String, ServedModel> models() {
    return models;
  }

  private ServedModel find(String name) {
    Map<String, ServedModel> all = models;
    boolean theOnlyOne = all.size() == 1 && (mode == Mode.HYDROSPHERE || name.isEmpty());
    ServedModel model = theOnlyOne ? all.values().iterator().next() : all.get(name);
    if (model == null) {
      if (all.isEmpty()) {
        throw unavailable(null);
      }
      throw new ServingException(Code.NOT_FOUND, "Servable not found for request: " + ModelRef.latest(name)
          + "; this server serves " + listed(all.keySet().stream().map(n -> "'" + n + "'").toList(), Function.identity()));
    }
    return model;
  }

  private ServableVersion pick(ServedModel model, ModelRef ref) {
    Long number = null;
    if (mode == Mode.HYDROSPHERE) {
      // Hydrosphere sends its own version numbers and labels; they name the one model, not a version of it.
    } else if (ref.version().isPresent()) {
      number = ref.version().getAsLong();
    } else if (!ref.label().isEmpty()) {
      number = model.labels().get(ref.label());
      if (number == null) {
        throw new ServingException(Code.NOT_FOUND, "Servable not found for request: " + ref + "; model '"
            + model.name() + "' has " + (model.labels().isEmpty() ? "no version labels"
            : "the version labels " + listed(model.labels().keySet(), l -> "'" + l + "'")));
      }
    }
    if (number != null) {
      ServableVersion version = model.versions().get(number);
      if (version == null || version.state() != VersionState.AVAILABLE) {
        throw notFound(ref, model);
      }
      return version;
    }
    for (ServableVersion version : model.versions().descendingMap().values()) {
      if (version.state() == VersionState.AVAILABLE) {
        return version;
      }
    }
    throw unavailable(model);
  }

  private ServingException notFound(ModelRef ref, ServedModel model) {
    List<Long> available = model.available();
    return new ServingException(Code.NOT_FOUND, "Servable not found for request: " + ref + "; model '" + model.name()
        + "' has " + (available.isEmpty() ? "no available version" : "the available versions " + listed(available,
        String::valueOf)));
  }

  private ServingException unavailable(ServedModel model) {
    ServingState.Snapshot s = state.snapshot();
    if (s.phase() == ServingState.Phase.STOPPING) {
      return new ServingException(Code.UNAVAILABLE, "the server is shutting down");
    }
    if (mode == Mode.HYDROSPHERE || model == null) {
      return new ServingException(Code.UNAVAILABLE, switch (s.phase()) {
        case FAILED -> "the model failed to load: " + s.message();
        default -> "the model is not loaded yet (" + s.message() + ")";
      });
    }
    return new ServingException(Code.UNAVAILABLE,
        "model '" + model.name() + "' has no version available: " + model.whyNoneAvailable());
  }

  private static <T> String listed(java.util.Collection<T> items, Function<T, String> show) {
    List<String> shown = new ArrayList<>();
    for (T item : items) {
      if (shown.size() == LISTED) {
        shown.add("and " + (items.size() - LISTED) + " more");
        break;
      }
      shown.add(show.apply(item));
    }
    return "[" + String.join(", ", shown) + "]";
  }
}
