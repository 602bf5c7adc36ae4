package org.modelrt.server.rpc;

import com.google.protobuf.Int64Value;
import java.util.OptionalLong;
import org.modelrt.serving.ModelRef;
import org.modelrt.serving.ModelRegistry;
import org.modelrt.serving.Prediction;
import org.modelrt.wire.tfserving.ModelSpec;

/**
 * TF Serving's {@code ModelSpec} to the core's {@link ModelRef} and back. The answer's spec names the model, the
 * version that answered and the signature that ran, always in TF Serving mode; in Hydrosphere mode only when the
 * request named a model (upstream Hydrosphere clients compare whole responses, which have no model_spec), and then
 * as the request spelled it. Stateless.
 */
final class ModelSpecs {
  private ModelSpecs() {}

  static ModelRef ref(ModelSpec spec) {
    OptionalLong version = spec.hasVersion() ? OptionalLong.of(spec.getVersion().getValue()) : OptionalLong.empty();
    return new ModelRef(spec.getName(), version, spec.getVersionLabel());
  }

  /** The spec an answer carries, or {@code null} for none. */
  static ModelSpec answer(ModelRegistry.Mode mode, ModelSpec requested, String model, long version, String signature) {
    if (mode == ModelRegistry.Mode.TF_SERVING) {
      return ModelSpec.newBuilder().setName(model).setVersion(Int64Value.of(version)).setSignatureName(signature)
          .build();
    }
    if (requested.getName().isEmpty()) {
      return null;
    }
    return requested.toBuilder().setSignatureName(signature).build();
  }

  static ModelSpec answer(ModelRegistry.Mode mode, ModelSpec requested, Prediction<?> prediction) {
    return answer(mode, requested, prediction.model(), prediction.version(), prediction.signature().name());
  }
}
