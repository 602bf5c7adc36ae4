package org.modelrt.serving.repository;

import java.util.Map;
import java.util.Optional;

/**
 * TF Serving's Docker convention: the image runs {@code --model_name=${MODEL_NAME}
 * --model_base_path=${MODEL_BASE_PATH}/${MODEL_NAME}}, with {@code MODEL_BASE_PATH} defaulting to {@code /models}.
 * A pure function of the environment it is given. Stateless, thread-safe.
 */
public final class TfServingEnvironment {
  public static final String MODEL_NAME = "MODEL_NAME";
  public static final String MODEL_BASE_PATH = "MODEL_BASE_PATH";
  /** The {@code MODEL_BASE_PATH} of TF Serving's images. */
  public static final String DEFAULT_MODEL_BASE_PATH = "/models";

  private TfServingEnvironment() {}

  /** The {@code --model_name} and {@code --model_base_path} they mean; empty when {@code MODEL_NAME} is unset/blank. */
  public static Optional<ModelFlags> modelFlags(Map<String, String> environment) {
    String name = environment.get(MODEL_NAME);
    if (name == null || name.isBlank()) {
      return Optional.empty();
    }
    String base = environment.get(MODEL_BASE_PATH);
    if (base == null || base.isBlank()) {
      base = DEFAULT_MODEL_BASE_PATH;
    }
    // Joined as the image's shell line joins them; the path is normalized when it is resolved.
    return Optional.of(new ModelFlags(name, base + "/" + name));
  }

  /** The two flags, as strings, for {@link ModelServerConfigs#fromFlags}. */
  public record ModelFlags(String modelName, String modelBasePath) {}
}
