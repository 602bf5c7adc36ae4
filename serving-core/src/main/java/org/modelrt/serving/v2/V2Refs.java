package org.modelrt.serving.v2;

import java.util.OptionalLong;
import org.modelrt.contract.InvalidRequestException;
import org.modelrt.serving.ModelRef;

/** The model a v2 call names: a name and a version string, empty for the latest available version. */
public final class V2Refs {
  private V2Refs() {}

  /**
   * @throws InvalidRequestException when the version is not a whole number (modelrt's versions are numbers)
   */
  public static ModelRef ref(String name, String version) {
    if (version == null || version.isEmpty()) {
      return ModelRef.latest(name);
    }
    try {
      return new ModelRef(name, OptionalLong.of(Long.parseLong(version)), "");
    } catch (NumberFormatException e) {
      throw new InvalidRequestException("model_version: expected a version number or empty for the latest, "
          + "received '" + version + "'");
    }
  }
}
