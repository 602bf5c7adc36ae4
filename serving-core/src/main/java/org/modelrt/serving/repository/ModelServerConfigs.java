package org.modelrt.serving.repository;

import com.google.protobuf.TextFormatParseInfoTree;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntFunction;
import org.modelrt.wire.tfserving.config.FileSystemStoragePathSourceConfig.ServableVersionPolicy;
import org.modelrt.wire.tfserving.config.ModelConfig;
import org.modelrt.wire.tfserving.config.ModelServerConfig;
import org.modelrt.wire.tfserving.config.ModelType;

/**
 * Turns TF Serving's ways of naming models into a {@link RepositoryConfig}, with TF Serving's checks: {@code
 * --model_config_file} (a {@code ModelServerConfig} in text format), a {@code ModelServerConfig} message (a reload
 * request), and {@code --model_name}/{@code --model_base_path}. Every problem is a {@link ModelConfigException}
 * naming the model and the field. {@code logging_config} is accepted and not carried (request logging is not
 * offered). Stateless, thread-safe.
 */
public final class ModelServerConfigs {
  /** The default of TF Serving's {@code --model_name}. */
  public static final String DEFAULT_MODEL_NAME = "default";

  private static final int NAME = ModelConfig.NAME_FIELD_NUMBER;
  private static final int BASE_PATH = ModelConfig.BASE_PATH_FIELD_NUMBER;
  private static final int MODEL_TYPE = ModelConfig.MODEL_TYPE_FIELD_NUMBER;
  private static final int POLICY = ModelConfig.MODEL_VERSION_POLICY_FIELD_NUMBER;
  private static final int LABELS = ModelConfig.VERSION_LABELS_FIELD_NUMBER;

  private ModelServerConfigs() {}

  /** Reads and checks a {@code --model_config_file}; messages start with {@code <file>:<line>:<column>}. */
  public static RepositoryConfig fromFile(Path file) throws ModelConfigException {
    ModelServerConfig.Builder config = ModelServerConfig.newBuilder();
    TextFormatParseInfoTree.Builder where = TextFormatParseInfoTree.builder();
    TextProtoFiles.parse(file, config, where);
    return check(config.build(), ConfigLocator.ofFile(file, where.build()));
  }

  /** Checks a config that came as a message; {@code source} ("reload request") starts every error message. */
  public static RepositoryConfig fromMessage(ModelServerConfig config, String source) throws ModelConfigException {
    return check(config, ConfigLocator.of(source));
  }

  /** One model from {@code --model_name} and {@code --model_base_path}, with the default policy (latest 1). */
  public static RepositoryConfig fromFlags(String modelName, String modelBasePath) throws ModelConfigException {
    if (modelName == null || modelName.isEmpty()) {
      throw new ModelConfigException("--model_name is empty; expected the name clients put in model_spec.name");
    }
    Path base = BasePaths.resolve(modelBasePath == null ? "" : modelBasePath, "--model_base_path");
    return new RepositoryConfig(List.of(ConfiguredModel.of(modelName, base)));
  }

  /**
   * TF Serving's rule for a reload: a model that stays in the config keeps its {@code model_platform} (it "cannot be
   * changed once a model is in serving"). Models added or dropped are free.
   *
   * @param source starts the message, e.g. "reload request"
   */
  public static void checkReload(RepositoryConfig current, RepositoryConfig next, String source)
      throws ModelConfigException {
    for (ConfiguredModel model : next.models()) {
      ConfiguredModel served = current.model(model.name()).orElse(null);
      if (served != null && !served.platform().equals(model.platform())) {
        throw new ModelConfigException(source + ": model " + Messages.quote(model.name()) + ": model_platform "
            + Messages.quote(model.platform()) + " differs from the served " + Messages.quote(served.platform())
            + "; expected the platform unchanged while the model is served");
      }
    }
  }

  private static RepositoryConfig check(ModelServerConfig config, ConfigLocator where)
      throws ModelConfigException {
    switch (config.getConfigCase()) {
      case CUSTOM_MODEL_CONFIG -> throw new ModelConfigException(where.config()
          + ": custom_model_config is not supported; expected model_config_list");
      case CONFIG_NOT_SET -> {
        return new RepositoryConfig(List.of());
      }
      default -> {
        // model_config_list, below
      }
    }
    List<ConfiguredModel> models = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    List<ModelConfig> entries = config.getModelConfigList().getConfigList();
    for (int i = 0; i < entries.size(); i++) {
      ModelConfig entry = entries.get(i);
      if (entry.getName().isEmpty()) {
        throw new ModelConfigException(where.model(i) + ": name is empty; expected the model's name");
      }
      Integer first = seen.putIfAbsent(entry.getName(), i);
      if (first != null) {
        throw new ModelConfigException(where.field(i, NAME) + ": model " + Messages.quote(entry.getName())
            + " is listed twice (first at " + where.field(first, NAME) + "); expected each name once");
      }
      models.add(model(entry, i, where));
    }
    return new RepositoryConfig(models);
  }

  private static ConfiguredModel model(ModelConfig entry, int i, ConfigLocator where) throws ModelConfigException {
    String model = "model " + Messages.quote(entry.getName());
    Path base = BasePaths.resolve(entry.getBasePath(), where.field(i, BASE_PATH) + ": " + model + ": base_path");
    String platform = platform(entry, where.field(i, MODEL_TYPE) + ": " + model);
    VersionPolicy policy = policy(entry.getModelVersionPolicy(), where.field(i, POLICY) + ": " + model);
    checkLabels(entry.getVersionLabelsMap(), policy, label -> where.field(i, LABELS, label) + ": " + model);
    return new ConfiguredModel(entry.getName(), base, platform, policy, new TreeMap<>(entry.getVersionLabelsMap()));
  }

  @SuppressWarnings("deprecation") // model_type: read only to honour (or refuse) what old configs say
  private static String platform(ModelConfig entry, String where) throws ModelConfigException {
    if (entry.getModelType() == ModelType.MODEL_TYPE_UNSPECIFIED) {
      return entry.getModelPlatform();
    }
    if (!entry.getModelPlatform().isEmpty()) {
      throw new ModelConfigException(where + ": both model_type (deprecated) and model_platform are set; "
          + "expected model_platform only");
    }
    if (entry.getModelType() != ModelType.TENSORFLOW) {
      String type = entry.getModelType() == ModelType.UNRECOGNIZED
          ? Integer.toString(entry.getModelTypeValue()) : entry.getModelType().name();
      throw new ModelConfigException(where + ": model_type " + type + " is not supported; expected model_platform (or model_type: TENSORFLOW)");
    }
    return "tensorflow";
  }

  private static VersionPolicy policy(ServableVersionPolicy policy, String where) throws ModelConfigException {
    return switch (policy.getPolicyChoiceCase()) {
      // num_versions is unsigned and proto3: 0 is "not given", which TF Serving serves as 1.
      case LATEST -> new VersionPolicy.Latest(
          (int) Math.min(Math.max(Integer.toUnsignedLong(policy.getLatest().getNumVersions()), 1), Integer.MAX_VALUE));
      case ALL -> new VersionPolicy.All();
      case SPECIFIC -> specific(policy.getSpecific().getVersionsList(), where);
      case POLICYCHOICE_NOT_SET -> VersionPolicy.DEFAULT;
    };
  }

  private static VersionPolicy specific(List<Long> versions, String where) throws ModelConfigException {
    if (versions.isEmpty()) {
      throw new ModelConfigException(where + ": model_version_policy specific lists no versions; "
          + "expected at least one version number");
    }
    for (long version : versions) {
      if (version < 0) {
        throw new ModelConfigException(where + ": model_version_policy specific lists version " + version
            + "; expected version numbers >= 0 (version directories are named by them)");
      }
    }
    return new VersionPolicy.Specific(new TreeSet<>(versions));
  }

  /** @param labels in the order written (the message's map keeps it), so that the n-th is the n-th entry */
  private static void checkLabels(Map<String, Long> labels, VersionPolicy policy, IntFunction<String> at)
      throws ModelConfigException {
    int index = -1;
    for (Map.Entry<String, Long> label : labels.entrySet()) {
      String where = at.apply(++index);
      if (label.getKey().isEmpty()) {
        throw new ModelConfigException(where + ": a version label is empty; expected a name such as \"stable\"");
      }
      if (label.getValue() < 0) {
        throw new ModelConfigException(where + ": version label " + Messages.quote(label.getKey())
            + " points at version " + label.getValue() + "; expected a version number >= 0");
      }
      if (policy instanceof VersionPolicy.Specific specific && !specific.versions().contains(label.getValue())) {
        throw new ModelConfigException(where + ": version label " + Messages.quote(label.getKey())
            + " points at version " + label.getValue() + ", which model_version_policy " + policy
            + " never serves; expected one of its versions");
      }
    }
  }
}
