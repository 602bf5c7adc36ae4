package org.modelrt.serving.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelrt.wire.tfserving.config.BatchingParameters;
import org.modelrt.wire.tfserving.config.FileSystemStoragePathSourceConfig.ServableVersionPolicy;
import org.modelrt.wire.tfserving.config.ModelConfig;
import org.modelrt.wire.tfserving.config.ModelServerConfig;

class TextProtoFilesTest {
  /** The example of TF Serving's configuration guide, as users paste it. */
  static final String GUIDE_EXAMPLE = """
      model_config_list {
        config {
          name: 'tf_linear'
          base_path: '/models/tf_linear'
          model_platform: 'tensorflow'
          model_version_policy {
            specific {
              versions: 1
              versions: 2
            }
          }
          version_labels {
            key: 'stable'
            value: 1
          }
          version_labels {
            key: 'canary'
            value: 2
          }
        }
        config {
          name: "onnx_model"
          base_path: "/models/onnx_model"
        }
      }
      """;

  @TempDir Path dir;

  @Test
  void readsTfServingsOwnModelServerConfig() throws Exception {
    ModelServerConfig config = TextProtoFiles.readModelServerConfig(write("models.config", GUIDE_EXAMPLE));

    assertEquals(2, config.getModelConfigList().getConfigCount());
    ModelConfig linear = config.getModelConfigList().getConfig(0);
    assertEquals("tf_linear", linear.getName());
    assertEquals("/models/tf_linear", linear.getBasePath());
    assertEquals("tensorflow", linear.getModelPlatform());
    assertEquals(ServableVersionPolicy.PolicyChoiceCase.SPECIFIC,
        linear.getModelVersionPolicy().getPolicyChoiceCase());
    assertEquals(java.util.List.of(1L, 2L), linear.getModelVersionPolicy().getSpecific().getVersionsList());
    assertEquals(java.util.Map.of("stable", 1L, "canary", 2L), linear.getVersionLabelsMap());
    assertEquals("onnx_model", config.getModelConfigList().getConfig(1).getName());
  }

  @Test
  void anEmptyFileIsAnEmptyConfig() throws Exception {
    ModelServerConfig config = TextProtoFiles.readModelServerConfig(write("empty.config", "# nothing yet\n"));

    assertEquals(ModelServerConfig.ConfigCase.CONFIG_NOT_SET, config.getConfigCase());
  }

  @Test
  void aSyntaxErrorNamesFileLineAndColumn() throws Exception {
    Path file = write("models.config", """
        model_config_list {
          config {
            name: "a"
            base_path "/models/a"
          }
        }
        """);

    ModelConfigException e = assertThrows(ModelConfigException.class, () -> TextProtoFiles.readModelServerConfig(file));

    assertTrue(e.getMessage().startsWith(file + ":4:15: "), e.getMessage());
    assertOneLineWithoutJavaNames(e.getMessage());
  }

  @Test
  void aMissingClosingBraceIsReportedAtTheEnd() throws Exception {
    Path file = write("models.config", "model_config_list {\n  config {\n    name: \"a\"\n");

    ModelConfigException e = assertThrows(ModelConfigException.class, () -> TextProtoFiles.readModelServerConfig(file));

    assertEquals(file + ":4:1: Expected \"}\".", e.getMessage());
  }

  @Test
  void anUnknownFieldIsAnErrorNamingIt() throws Exception {
    Path file = write("models.config", "model_config_list {\n  config {\n    nmae: \"a\"\n  }\n}\n");

    ModelConfigException e = assertThrows(ModelConfigException.class, () -> TextProtoFiles.readModelServerConfig(file));

    assertEquals(file + ":3:5: unknown field \"nmae\" in ModelConfig", e.getMessage());
  }

  @Test
  void aSingularFieldGivenTwiceIsRefusedNotOverwritten() throws Exception {
    Path file = write("models.config", "model_config_list {\n  config {\n    name: \"a\"\n    name: \"b\"\n  }\n}\n");

    ModelConfigException e = assertThrows(ModelConfigException.class, () -> TextProtoFiles.readModelServerConfig(file));

    assertTrue(e.getMessage().startsWith(file + ":4:"), e.getMessage());
    assertTrue(e.getMessage().contains("name"), e.getMessage());
  }

  @Test
  void aNegativeNumVersionsDoesNotParse() throws Exception {
    Path file = write("models.config", """
        model_config_list { config { name: "a" base_path: "/m/a"
          model_version_policy { latest { num_versions: -1 } } } }
        """);

    ModelConfigException e = assertThrows(ModelConfigException.class, () -> TextProtoFiles.readModelServerConfig(file));

    assertTrue(e.getMessage().startsWith(file + ":2:"), e.getMessage());
  }

  @Test
  void aMissingFileIsNamed() {
    Path file = dir.resolve("nope.config");

    ModelConfigException e = assertThrows(ModelConfigException.class, () -> TextProtoFiles.readModelServerConfig(file));

    assertEquals(file + ": cannot read: no such file or directory", e.getMessage());
  }

  @Test
  void aDirectoryIsNotAConfigFile() {
    ModelConfigException e = assertThrows(ModelConfigException.class, () -> TextProtoFiles.readModelServerConfig(dir));

    assertEquals(dir + ": cannot read: is a directory; expected a text file", e.getMessage());
  }

  @Test
  void aDeviceIsNotReadForever() {
    Path device = Path.of("/dev/zero");
    assumeTrue(Files.exists(device), "needs /dev/zero");

    ModelConfigException e =
        assertThrows(ModelConfigException.class, () -> TextProtoFiles.readModelServerConfig(device));

    assertEquals(device + ": cannot read: not a regular file; expected a text file", e.getMessage());
  }

  @Test
  void aLinkToAConfigFileIsFollowed() throws Exception {
    Path target = write("models.config", GUIDE_EXAMPLE);
    Path link = Files.createSymbolicLink(dir.resolve("linked.config"), target); // as Kubernetes mounts a ConfigMap

    assertEquals(TextProtoFiles.readModelServerConfig(target), TextProtoFiles.readModelServerConfig(link));
  }

  @Test
  void bytesThatAreNotUtf8AreRefused() throws Exception {
    Path file = dir.resolve("binary.config");
    Files.write(file, new byte[] {0x0a, (byte) 0xff, (byte) 0xfe, 0x00});

    ModelConfigException e = assertThrows(ModelConfigException.class, () -> TextProtoFiles.readModelServerConfig(file));

    assertEquals(file + ": not UTF-8 text; expected a config file in protobuf text format", e.getMessage());
  }

  @Test
  void anOversizedFileIsNotReadWhole() throws Exception {
    Path file = dir.resolve("huge.config");
    try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
      sparse.setLength(TextProtoFiles.MAX_BYTES + 1);
    }

    ModelConfigException e = assertThrows(ModelConfigException.class, () -> TextProtoFiles.readModelServerConfig(file));

    assertTrue(e.getMessage().startsWith(file + ": cannot read: larger than 16 MiB"), e.getMessage());
  }

  @Test
  void readsBatchingParametersAsTfServingsGuideWritesThem() throws Exception {
    Path file = write("batching.config", """
        max_batch_size { value: 128 }
        batch_timeout_micros { value: 0 }
        max_enqueued_batches { value: 1000000 }
        num_batch_threads { value: 8 }
        allowed_batch_sizes: 32
        allowed_batch_sizes: 128
        enable_large_batch_splitting { value: true }
        max_execution_batch_size { value: 32 }
        """);

    BatchingParameters parameters = TextProtoFiles.readBatchingParameters(file);

    assertEquals(128, parameters.getMaxBatchSize().getValue());
    assertTrue(parameters.hasBatchTimeoutMicros(), "a zero written down is set, not absent");
    assertEquals(0, parameters.getBatchTimeoutMicros().getValue());
    assertEquals(1_000_000, parameters.getMaxEnqueuedBatches().getValue());
    assertEquals(8, parameters.getNumBatchThreads().getValue());
    assertEquals(java.util.List.of(32L, 128L), parameters.getAllowedBatchSizesList());
    assertTrue(parameters.getEnableLargeBatchSplitting().getValue());
    assertEquals(32, parameters.getMaxExecutionBatchSize().getValue());
    assertFalse(parameters.hasThreadPoolName(), "left out stays unset");
  }

  @Test
  void aBatchingFileWithAPlainNumberForAWrapperSaysWhere() throws Exception {
    Path file = write("batching.config", "max_batch_size: 128\n");

    ModelConfigException e =
        assertThrows(ModelConfigException.class, () -> TextProtoFiles.readBatchingParameters(file));

    assertTrue(e.getMessage().startsWith(file + ":1:"), e.getMessage());
  }

  static void assertOneLineWithoutJavaNames(String message) {
    assertFalse(message.contains("\n"), message);
    assertFalse(message.contains("Exception"), message);
    assertFalse(message.contains("com.google"), message);
    assertFalse(message.contains("org.modelrt"), message);
    assertTrue(message.length() <= Messages.MAX_LENGTH, message);
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }
}
