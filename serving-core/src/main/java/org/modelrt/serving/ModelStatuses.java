package org.modelrt.serving;

import java.util.List;
import org.modelrt.wire.tfserving.GetModelStatusResponse;
import org.modelrt.wire.tfserving.ModelVersionStatus;
import org.modelrt.wire.tfserving.StatusProto;
import org.modelrt.wire.tfserving.error.Code;

/**
 * Versions' states as TF Serving reports them (gRPC GetModelStatus, REST model status): each version with its state
 * and a StatusProto, OK or UNKNOWN with why it failed to load. Stateless.
 */
public final class ModelStatuses {
  private ModelStatuses() {}

  /** TF Serving's answer for {@code statuses}, in the order given. */
  public static GetModelStatusResponse response(List<VersionStatus> statuses) {
    GetModelStatusResponse.Builder answer = GetModelStatusResponse.newBuilder();
    for (VersionStatus v : statuses) {
      answer.addModelVersionStatus(ModelVersionStatus.newBuilder()
          .setVersion(v.version())
          .setState(ModelVersionStatus.State.valueOf(v.state().name()))
          .setStatus(v.error().isEmpty() ? StatusProto.getDefaultInstance()
              : StatusProto.newBuilder().setErrorCode(Code.UNKNOWN).setErrorMessage(v.error()).build()));
    }
    return answer.build();
  }
}
