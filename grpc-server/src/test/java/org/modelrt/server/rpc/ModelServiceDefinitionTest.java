package org.modelrt.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.MethodDescriptor;
import org.junit.jupiter.api.Test;
import org.modelrt.wire.tfserving.GetModelStatusRequest;
import org.modelrt.wire.tfserving.GetModelStatusResponse;
import org.modelrt.wire.tfserving.ReloadConfigRequest;
import org.modelrt.wire.tfserving.ReloadConfigResponse;
import org.modelrt.wire.tfserving.service.ModelServiceGrpc;

/** The vendored ModelService answers at TF Serving's paths, so TF Serving's clients reach it unmodified. */
class ModelServiceDefinitionTest {
  @Test
  void methodsSitAtTfServingsPaths() {
    assertEquals("tensorflow.serving.ModelService", ModelServiceGrpc.SERVICE_NAME);
    MethodDescriptor<GetModelStatusRequest, GetModelStatusResponse> status = ModelServiceGrpc.getGetModelStatusMethod();
    MethodDescriptor<ReloadConfigRequest, ReloadConfigResponse> reload =
        ModelServiceGrpc.getHandleReloadConfigRequestMethod();

    assertEquals("tensorflow.serving.ModelService/GetModelStatus", status.getFullMethodName());
    assertEquals("tensorflow.serving.ModelService/HandleReloadConfigRequest", reload.getFullMethodName());
    assertEquals(MethodDescriptor.MethodType.UNARY, status.getType());
    assertEquals(MethodDescriptor.MethodType.UNARY, reload.getType());
    assertEquals(2, ModelServiceGrpc.getServiceDescriptor().getMethods().size());
  }
}
