package org.modelrt.serving.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.modelrt.serving.repository.TfServingEnvironment.ModelFlags;

class TfServingEnvironmentTest {
  @Test
  void modelNameAloneServesFromSlashModels() {
    assertEquals(Optional.of(new ModelFlags("half_plus_two", "/models/half_plus_two")),
        TfServingEnvironment.modelFlags(Map.of("MODEL_NAME", "half_plus_two")));
  }

  @Test
  void modelBasePathReplacesSlashModels() {
    assertEquals(Optional.of(new ModelFlags("resnet", "/srv/zoo/resnet")),
        TfServingEnvironment.modelFlags(Map.of("MODEL_NAME", "resnet", "MODEL_BASE_PATH", "/srv/zoo")));
  }

  @Test
  void withoutModelNameTheEnvironmentSaysNothing() {
    assertEquals(Optional.empty(), TfServingEnvironment.modelFlags(Map.of("MODEL_BASE_PATH", "/srv/zoo")));
    assertEquals(Optional.empty(), TfServingEnvironment.modelFlags(Map.of("MODEL_NAME", " ")));
    assertEquals(Optional.empty(), TfServingEnvironment.modelFlags(Map.of()));
  }

  @Test
  void aBlankModelBasePathIsTheDefault() {
    Optional<ModelFlags> flags = TfServingEnvironment.modelFlags(Map.of("MODEL_NAME", "m", "MODEL_BASE_PATH", ""));

    assertEquals("/models/m", flags.orElseThrow().modelBasePath());
  }

  @Test
  void theFlagsItGivesBecomeOneModel() throws Exception {
    ModelFlags flags =
        TfServingEnvironment.modelFlags(Map.of("MODEL_NAME", "m", "MODEL_BASE_PATH", "/srv/zoo/")).orElseThrow();

    RepositoryConfig config = ModelServerConfigs.fromFlags(flags.modelName(), flags.modelBasePath());

    assertEquals(List.of(ConfiguredModel.of("m", Path.of("/srv/zoo/m"))), config.models());
  }
}
