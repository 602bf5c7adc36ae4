package org.modelrt.serving.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.modelrt.serving.repository.TextProtoFilesTest.assertOneLineWithoutJavaNames;

import com.google.protobuf.Any;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelrt.wire.tfserving.config.ModelConfig;
import org.modelrt.wire.tfserving.config.ModelConfigList;
import org.modelrt.wire.tfserving.config.ModelServerConfig;

class ModelServerConfigsTest {
  @TempDir Path dir;

  @Test
  void theGuidesExampleBecomesOneRecordPerModel() throws Exception {
    RepositoryConfig config = ModelServerConfigs.fromFile(write(TextProtoFilesTest.GUIDE_EXAMPLE));

    assertEquals(List.of("tf_linear", "onnx_model"), config.names());
    ConfiguredModel linear = config.model("tf_linear").orElseThrow();
    assertEquals(Path.of("/models/tf_linear"), linear.basePath());
    assertEquals("tensorflow", linear.platform());
    assertEquals(new VersionPolicy.Specific(new TreeSet<>(Set.of(1L, 2L))), linear.versionPolicy());
    assertEquals(Map.of("canary", 2L, "stable", 1L), linear.versionLabels());
    ConfiguredModel onnx = config.model("onnx_model").orElseThrow();
    assertEquals("", onnx.platform(), "no platform: the engine is chosen from the files");
    assertEquals(VersionPolicy.DEFAULT, onnx.versionPolicy());
    assertEquals(new VersionPolicy.Latest(1), onnx.versionPolicy());
    assertTrue(onnx.versionLabels().isEmpty());
  }

  @Test
  void latestWithoutACountServesOneAsTfServingDoes() throws Exception {
    RepositoryConfig config = ModelServerConfigs.fromFile(write(models(
        "config { name: 'a' base_path: '/m/a' model_version_policy { latest {} } }",
        "config { name: 'b' base_path: '/m/b' model_version_policy { latest { num_versions: 3 } } }",
        "config { name: 'c' base_path: '/m/c' model_version_policy { all {} } }",
        "config { name: 'd' base_path: '/m/d' model_version_policy { latest { num_versions: 4294967295 } } }")));

    assertEquals(new VersionPolicy.Latest(1), config.model("a").orElseThrow().versionPolicy());
    assertEquals(new VersionPolicy.Latest(3), config.model("b").orElseThrow().versionPolicy());
    assertEquals(new VersionPolicy.All(), config.model("c").orElseThrow().versionPolicy());
    assertEquals(new VersionPolicy.Latest(Integer.MAX_VALUE), config.model("d").orElseThrow().versionPolicy(),
        "an unsigned count past int range is 'every version', not a negative number");
  }

  @Test
  void relativeAndFileUriBasePathsBecomeAbsolute() throws Exception {
    RepositoryConfig config = ModelServerConfigs.fromFile(write(models(
        "config { name: 'rel' base_path: 'models/../models/rel' }",
        "config { name: 'uri' base_path: 'file:///srv/models/uri' }",
        "config { name: 'dots' base_path: '/srv/./models/x/../dots/' }")));

    assertEquals(Path.of("models/rel").toAbsolutePath(), config.model("rel").orElseThrow().basePath());
    assertEquals(Path.of("/srv/models/uri"), config.model("uri").orElseThrow().basePath());
    assertEquals(Path.of("/srv/models/dots"), config.model("dots").orElseThrow().basePath());
  }

  @Test
  void theDeprecatedModelTypeTensorflowMeansPlatformTensorflow() throws Exception {
    RepositoryConfig config = ModelServerConfigs.fromFile(write(models(
        "config { name: 'old' base_path: '/m/old' model_type: TENSORFLOW }")));

    assertEquals("tensorflow", config.model("old").orElseThrow().platform());
  }

  @Test
  void anEmptyConfigServesNothing() throws Exception {
    assertEquals(List.of(), ModelServerConfigs.fromFile(write("")).models());
    assertEquals(List.of(), ModelServerConfigs.fromFile(write("model_config_list {}")).models());
  }

  @Test
  void anEmptyNameIsRefusedAtItsEntry() throws Exception {
    Path file = write(models("config { name: 'a' base_path: '/m/a' }", "config { base_path: '/m/b' }"));

    assertError(file + ":3:3: name is empty; expected the model's name", file);
  }

  @Test
  void aNameListedTwiceIsRefusedNamingBothPlaces() throws Exception {
    Path file = write(models("config { name: 'a' base_path: '/m/a' }", "config { name: 'a' base_path: '/m/a2' }"));

    assertError(file + ":3:12: model \"a\" is listed twice (first at " + file + ":2:12); expected each name once",
        file);
  }

  @Test
  void aMissingBasePathIsRefused() throws Exception {
    Path file = write(models("config {", "  name: 'a'", "}"));

    assertError(file + ":2:3: model \"a\": base_path is empty; expected the directory that holds the numbered "
        + "version directories", file);
  }

  @Test
  void aRemoteBasePathIsRefused() throws Exception {
    Path file = write(models("config { name: 'a' base_path: 's3://bucket/a' }"));

    assertError(file + ":2:22: model \"a\": base_path \"s3://bucket/a\" is not on the local file system; expected a "
        + "local directory", file);
  }

  @Test
  void aBasePathThatIsNoPathIsRefused() throws Exception {
    Path file = write(models("config { name: 'a' base_path: '/m/\\000a' }"));

    assertError(file + ":2:22: model \"a\": base_path \"/m/?a\" is not a valid path; expected a local directory", file);
  }

  @Test
  void modelTypeAndModelPlatformTogetherAreRefused() throws Exception {
    Path file = write(models("config { name: 'a' base_path: '/m/a' model_type: TENSORFLOW model_platform: 'x' }"));

    assertError(file + ":2:40: model \"a\": both model_type (deprecated) and model_platform are set; expected "
        + "model_platform only", file);
  }

  @Test
  void modelTypeOtherIsRefused() throws Exception {
    Path file = write(models("config { name: 'a' base_path: '/m/a' model_type: OTHER }"));

    assertError(file + ":2:40: model \"a\": model_type OTHER is not supported; expected model_platform (or model_type: "
        + "TENSORFLOW)", file);
  }

  @Test
  void aSpecificPolicyWithoutVersionsIsRefused() throws Exception {
    Path file = write(models("config { name: 'a' base_path: '/m/a' model_version_policy { specific {} } }"));

    assertError(file + ":2:40: model \"a\": model_version_policy specific lists no versions; expected at least one "
        + "version number", file);
  }

  @Test
  void aNegativeSpecificVersionIsRefused() throws Exception {
    Path file = write(models(
        "config { name: 'a' base_path: '/m/a' model_version_policy { specific { versions: 1 versions: -3 } } }"));

    assertError(file + ":2:40: model \"a\": model_version_policy specific lists version -3; expected version "
        + "numbers >= 0 (version directories are named by them)", file);
  }

  @Test
  void anEmptyLabelIsRefused() throws Exception {
    Path file = write(models("config { name: 'a' base_path: '/m/a' version_labels { key: '' value: 1 } }"));

    assertError(file + ":2:40: model \"a\": a version label is empty; expected a name such as \"stable\"", file);
  }

  @Test
  void aLabelOnANegativeVersionIsRefused() throws Exception {
    Path file = write(models("config { name: 'a' base_path: '/m/a' version_labels { key: 'stable' value: -1 } }"));

    assertError(file + ":2:40: model \"a\": version label \"stable\" points at version -1; expected a version number "
        + ">= 0", file);
  }

  @Test
  void aLabelOnAVersionTheSpecificPolicyNeverServesIsRefused() throws Exception {
    Path file = write(models("config { name: 'a' base_path: '/m/a'",
        "  model_version_policy { specific { versions: 1 versions: 2 } }",
        "  version_labels { key: 'stable' value: 1 }",
        "  version_labels { key: 'canary' value: 3 }",
        "}"));

    assertError(file + ":5:5: model \"a\": version label \"canary\" points at version 3, which model_version_policy "
        + "specific {1, 2} never serves; expected one of its versions", file);
  }

  @Test
  void aLabelUnderLatestIsCheckedOnlyAgainstTheVersionsFound() throws Exception {
    ConfiguredModel model = ModelServerConfigs.fromFile(write(models(
        "config { name: 'a' base_path: '/m/a' version_labels { key: 'stable' value: 7 }"
            + " version_labels { key: 'canary' value: 9 } }"))).model("a").orElseThrow();

    assertEquals(Map.of("canary", 9L), model.labelsNotServed(Set.of(7L, 8L)));
    assertEquals(Map.of(), model.labelsNotServed(Set.of(7L, 9L)));
  }

  @Test
  void aCustomModelConfigIsRefused() {
    ModelServerConfig custom = ModelServerConfig.newBuilder().setCustomModelConfig(Any.getDefaultInstance()).build();

    ModelConfigException e = assertThrows(ModelConfigException.class,
        () -> ModelServerConfigs.fromMessage(custom, "reload request"));

    assertEquals("reload request: custom_model_config is not supported; expected model_config_list", e.getMessage());
  }

  @Test
  void aReloadRequestsErrorsNameTheEntryByIndex() {
    ModelServerConfig config = ModelServerConfig.newBuilder()
        .setModelConfigList(ModelConfigList.newBuilder()
            .addConfig(ModelConfig.newBuilder().setName("a").setBasePath("/m/a"))
            .addConfig(ModelConfig.newBuilder().setName("b")))
        .build();

    ModelConfigException e = assertThrows(ModelConfigException.class,
        () -> ModelServerConfigs.fromMessage(config, "reload request"));

    assertEquals("reload request, config[1]: model \"b\": base_path is empty; expected the directory that holds the "
        + "numbered version directories", e.getMessage());
  }

  @Test
  void aReloadRequestThatIsValidIsTakenWhole() throws Exception {
    ModelServerConfig config = ModelServerConfig.newBuilder()
        .setModelConfigList(ModelConfigList.newBuilder()
            .addConfig(ModelConfig.newBuilder().setName("a").setBasePath("/m/a").putVersionLabels("stable", 4)))
        .build();

    RepositoryConfig models = ModelServerConfigs.fromMessage(config, "reload request");

    assertEquals(List.of(new ConfiguredModel("a", Path.of("/m/a"), "", VersionPolicy.DEFAULT,
        new java.util.TreeMap<>(Map.of("stable", 4L)))), models.models());
  }

  @Test
  void aReloadMayAddAndDropModelsButNotChangeAServedModelsPlatform() throws Exception {
    RepositoryConfig current = ModelServerConfigs.fromFile(write(models(
        "config { name: 'a' base_path: '/m/a' model_platform: 'tensorflow' }",
        "config { name: 'b' base_path: '/m/b' }")));
    RepositoryConfig next = ModelServerConfigs.fromFile(write(models(
        "config { name: 'a' base_path: '/m/a2' model_platform: 'tensorflow' model_version_policy { all {} } }",
        "config { name: 'c' base_path: '/m/c' model_platform: 'onnx' }")));
    RepositoryConfig switched = ModelServerConfigs.fromFile(write(models(
        "config { name: 'a' base_path: '/m/a' model_platform: 'pytorch' }")));

    ModelServerConfigs.checkReload(current, next, "reload request");
    ModelConfigException e = assertThrows(ModelConfigException.class,
        () -> ModelServerConfigs.checkReload(current, switched, "reload request"));

    assertEquals("reload request: model \"a\": model_platform \"pytorch\" differs from the served \"tensorflow\"; "
        + "expected the platform unchanged while the model is served", e.getMessage());
  }

  @Test
  void theFlagsNameOneModelWithTheDefaultPolicy() throws Exception {
    RepositoryConfig config = ModelServerConfigs.fromFlags("half_plus_two", "/models/half_plus_two/");

    assertEquals(List.of(ConfiguredModel.of("half_plus_two", Path.of("/models/half_plus_two"))), config.models());
    assertEquals(VersionPolicy.DEFAULT, config.models().get(0).versionPolicy());
  }

  @Test
  void flagsWithoutABasePathOrNameAreRefused() {
    ModelConfigException noBase = assertThrows(ModelConfigException.class,
        () -> ModelServerConfigs.fromFlags(ModelServerConfigs.DEFAULT_MODEL_NAME, ""));
    ModelConfigException noName = assertThrows(ModelConfigException.class,
        () -> ModelServerConfigs.fromFlags("", "/models/x"));
    ModelConfigException remote = assertThrows(ModelConfigException.class,
        () -> ModelServerConfigs.fromFlags("x", "gs://bucket/x"));

    assertEquals("--model_base_path is empty; expected the directory that holds the numbered version directories",
        noBase.getMessage());
    assertEquals("--model_name is empty; expected the name clients put in model_spec.name", noName.getMessage());
    assertEquals("--model_base_path \"gs://bucket/x\" is not on the local file system; expected a local directory",
        remote.getMessage());
  }

  @Test
  void aSyntaxErrorStillComesFirstWithItsPosition() throws Exception {
    Path file = write(models("config { name: 'a' base_path: '/m/a' model_version_policy { newest {} } }"));

    ModelConfigException e = assertThrows(ModelConfigException.class, () -> ModelServerConfigs.fromFile(file));

    // protobuf-java places an unknown message field at the token before its name (the "{" at column 63).
    assertEquals(file + ":2:63: unknown field \"newest\" in ServableVersionPolicy", e.getMessage());
  }

  private void assertError(String expected, Path file) {
    ModelConfigException e = assertThrows(ModelConfigException.class, () -> ModelServerConfigs.fromFile(file));
    assertEquals(expected, e.getMessage());
    assertOneLineWithoutJavaNames(e.getMessage());
  }

  /** A model_config_list around the given lines, which start on line 2. */
  private static String models(String... lines) {
    return "model_config_list {\n" + String.join("\n", lines).indent(2) + "}\n";
  }

  private Path write(String text) throws IOException {
    return Files.writeString(dir.resolve("models.config"), text);
  }
}
