package org.modelrt.server.testing;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where the repository's test models ({@code test-models/}) and bundled example ({@code examples/}) are. */
public final class TestModels {
  private TestModels() {}

  /** The repository root: the nearest directory above the working directory that holds {@code test-models/}. */
  public static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("test-models"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no test-models/ above " + Path.of("").toAbsolutePath());
  }

  /** A test model's directory, e.g. {@code test-models/pt_linear}. */
  public static Path model(String name) {
    return repositoryRoot().resolve("test-models").resolve(name);
  }

  /** Its {@code expected.json}. */
  public static Path expected(String name) {
    return model(name).resolve("expected.json");
  }

  /** The text the runtime's load error must contain, for the models it must refuse. */
  public static Optional<String> loadErrorContains(String name) {
    try {
      JsonObject root = JsonParser.parseString(Files.readString(expected(name))).getAsJsonObject();
      return root.has("load_error_contains") ? Optional.of(root.get("load_error_contains").getAsString())
          : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
