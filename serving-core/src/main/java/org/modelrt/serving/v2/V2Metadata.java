package org.modelrt.serving.v2;

import java.util.ArrayList;
import java.util.List;
import org.modelrt.contract.Field;
import org.modelrt.contract.Signature;
import org.modelrt.engine.EngineKind;
import org.modelrt.serving.Lease;
import org.modelrt.serving.ModelRegistry;
import org.modelrt.serving.ModelRef;
import org.modelrt.serving.VersionState;
import org.modelrt.serving.VersionStatus;

/**
 * What v2 model metadata says of a served model, for both fronts: its name, its versions as strings, the platform
 * under Triton's names, and the inputs and outputs of the signature a v2 call runs (the contract's default, or the
 * one named by the {@code signature_name} parameter), with v2 datatypes and shapes ({@code -1} for any size).
 *
 * @param versions the versions taking calls, highest first
 */
public record V2Metadata(String name, List<String> versions, String platform, List<TensorMetadata> inputs,
    List<TensorMetadata> outputs) {
  /** The server's name in server metadata. */
  public static final String SERVER_NAME = "modelrt";
  /** The v2 request parameter that picks a signature (no spec answer; see docs). */
  public static final String SIGNATURE_PARAMETER = "signature_name";

  /**
   * One tensor's metadata.
   *
   * @param datatype the v2 datatype; {@code ""} would be a contract type v2 has none for, which are left out instead
   * @param shape dims, {@code -1} for any size; empty for a scalar or an unknown rank
   */
  public record TensorMetadata(String name, String datatype, long[] shape) {}

  /** The metadata of the version {@code lease} holds, listing every available version of its model. */
  public static V2Metadata of(ModelRegistry registry, Lease lease, String signatureName) {
    Signature signature = lease.loaded().contract().select(signatureName);
    List<String> versions = new ArrayList<>();
    for (VersionStatus v : registry.status(ModelRef.latest(lease.model()))) {
      if (v.state() == VersionState.AVAILABLE) {
        versions.add(Long.toString(v.version()));
      }
    }
    return new V2Metadata(lease.model(), versions, platform(lease.loaded().engine()), tensors(signature.inputs()),
        tensors(signature.outputs()));
  }

  /** Triton's platform name for an engine. */
  public static String platform(EngineKind engine) {
    return switch (engine) {
      case TENSORFLOW -> "tensorflow_savedmodel";
      case PYTORCH -> "pytorch_libtorch";
      case ONNX_RUNTIME -> "onnxruntime_onnx";
    };
  }

  /** Whether any version of the model {@code ref} names (or the one version it names) is taking calls. */
  public static boolean ready(ModelRegistry registry, ModelRef ref) {
    for (VersionStatus v : registry.status(ref)) {
      if (v.state() == VersionState.AVAILABLE) {
        return true;
      }
    }
    return false;
  }

  private static List<TensorMetadata> tensors(List<Field> fields) {
    List<TensorMetadata> out = new ArrayList<>();
    for (Field f : fields) {
      V2DataType.of(f.dtype()).ifPresent(t -> out.add(new TensorMetadata(f.name(), t.name(),
          f.shape().hasKnownRank() ? f.shape().dims() : new long[0])));
    }
    return out;
  }
}
