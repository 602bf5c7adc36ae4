package org.modelrt.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.protobuf.BoolValue;
import com.google.protobuf.Int64Value;
import com.google.protobuf.StringValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.modelrt.wire.tfserving.GetModelStatusRequest;
import org.modelrt.wire.tfserving.GetModelStatusResponse;
import org.modelrt.wire.tfserving.Metric;
import org.modelrt.wire.tfserving.ModelSpec;
import org.modelrt.wire.tfserving.ModelVersionStatus;
import org.modelrt.wire.tfserving.PredictRequest;
import org.modelrt.wire.tfserving.ReloadConfigRequest;
import org.modelrt.wire.tfserving.ReloadConfigResponse;
import org.modelrt.wire.tfserving.StatusProto;
import org.modelrt.wire.tfserving.config.BatchingParameters;
import org.modelrt.wire.tfserving.config.FileSystemStoragePathSourceConfig.ServableVersionPolicy;
import org.modelrt.wire.tfserving.config.ModelConfig;
import org.modelrt.wire.tfserving.config.ModelConfigList;
import org.modelrt.wire.tfserving.config.ModelServerConfig;
import org.modelrt.wire.tfserving.error.Code;

/**
 * The vendored TF Serving config, model-management and status messages, byte by byte from upstream's field numbers
 * (see {@link ServingMessagesGoldenBytesTest} for the notation), and their full names, which Any type URLs and
 * gRPC method paths carry.
 */
class TfServingConfigGoldenBytesTest {
  @Test
  void modelConfigHasUpstreamsNumbersWithPolicyChoicesAt100To102() throws Exception {
    byte[] golden = Hex.bytes(
        "0a 01 61"                                   // name (1) = "a"
            + " 12 02 2f6d"                          // base_path (2) = "/m"
            + " 22 02 7466"                          // model_platform (4) = "tf"
            // model_version_policy (7) = { specific (102) { versions (1) packed [1, 2] } }
            + " 3a 07 b206 04 0a 02 01 02"
            + " 42 05 0a 01 73 10 01");              // version_labels (8) = { "s": 1 }
    ModelConfig config = ModelConfig.newBuilder().setName("a").setBasePath("/m").setModelPlatform("tf")
        .setModelVersionPolicy(ServableVersionPolicy.newBuilder()
            .setSpecific(ServableVersionPolicy.Specific.newBuilder().addVersions(1).addVersions(2)))
        .putVersionLabels("s", 1)
        .build();

    assertArrayEquals(golden, config.toByteArray());
    assertEquals(config, ModelConfig.parseFrom(golden));
    // latest (100) { num_versions (1) = 3 }; all (101) {}
    assertArrayEquals(Hex.bytes("a206 02 08 03"), ServableVersionPolicy.newBuilder()
        .setLatest(ServableVersionPolicy.Latest.newBuilder().setNumVersions(3)).build().toByteArray());
    assertArrayEquals(Hex.bytes("aa06 00"), ServableVersionPolicy.newBuilder()
        .setAll(ServableVersionPolicy.All.getDefaultInstance()).build().toByteArray());
  }

  @Test
  void reloadConfigCarriesTheConfigAndMetricNames() throws Exception {
    byte[] request = Hex.bytes(
        "0a 02 0a 00"                                // config (1) = { model_config_list (1) {} }
            + " 12 01 6d");                          // metric_names (2) = "m"
    byte[] response = Hex.bytes(
        "0a 05 08 03 12 01 78"                       // status (1) = { error_code (1) = 3, error_message (2) = "x" }
            + " 12 05 0a 01 6d 10 05");              // metric (2) = { name (1) = "m", int64_value_increase (2) = 5 }

    assertArrayEquals(request, ReloadConfigRequest.newBuilder()
        .setConfig(ModelServerConfig.newBuilder().setModelConfigList(ModelConfigList.getDefaultInstance()))
        .addMetricNames("m").build().toByteArray());
    ReloadConfigResponse parsed = ReloadConfigResponse.parseFrom(response);
    assertEquals(Code.INVALID_ARGUMENT, parsed.getStatus().getErrorCode());
    assertEquals("x", parsed.getStatus().getErrorMessage());
    assertEquals(List.of(Metric.newBuilder().setName("m").setInt64ValueIncrease(5).build()), parsed.getMetricList());
  }

  @Test
  void modelStatusHasUpstreamsStateNumbers() throws Exception {
    // model_version_status (1) = { version (1) = 2, state (2) = 30, status (3) = {} }
    byte[] golden = Hex.bytes("0a 06 08 02 10 1e 1a 00");

    ModelVersionStatus status = GetModelStatusResponse.parseFrom(golden).getModelVersionStatus(0);

    assertEquals(2, status.getVersion());
    assertEquals(ModelVersionStatus.State.AVAILABLE, status.getState());
    assertEquals(Code.OK, status.getStatus().getErrorCode());
    assertEquals(Map.of("UNKNOWN", 0, "START", 10, "LOADING", 20, "AVAILABLE", 30, "UNLOADING", 40, "END", 50),
        Map.of("UNKNOWN", ModelVersionStatus.State.UNKNOWN_VALUE, "START", ModelVersionStatus.State.START_VALUE,
            "LOADING", ModelVersionStatus.State.LOADING_VALUE, "AVAILABLE", ModelVersionStatus.State.AVAILABLE_VALUE,
            "UNLOADING", ModelVersionStatus.State.UNLOADING_VALUE, "END", ModelVersionStatus.State.END_VALUE));
  }

  @Test
  void getModelStatusTakesTheModelSpecPredictAlreadyUses() throws Exception {
    assertSame(PredictRequest.getDescriptor().findFieldByName("model_spec").getMessageType(),
        GetModelStatusRequest.getDescriptor().findFieldByName("model_spec").getMessageType());
    byte[] golden = Hex.bytes("0a 07 0a 01 6d 12 02 08 03"); // model_spec (1) = { name "m", version { 3 } }

    ModelSpec spec = GetModelStatusRequest.parseFrom(golden).getModelSpec();

    assertEquals("m", spec.getName());
    assertEquals(3, spec.getVersion().getValue());
  }

  @Test
  void errorCodesAreTheCanonicalOnes() {
    assertEquals(0, Code.OK_VALUE);
    assertEquals(3, Code.INVALID_ARGUMENT_VALUE);
    assertEquals(5, Code.NOT_FOUND_VALUE);
    assertEquals(9, Code.FAILED_PRECONDITION_VALUE);
    assertEquals(13, Code.INTERNAL_VALUE);
    assertEquals(14, Code.UNAVAILABLE_VALUE);
    assertEquals(15, Code.DATA_LOSS_VALUE);
    assertEquals(16, Code.UNAUTHENTICATED_VALUE);
    assertEquals(StatusProto.getDescriptor().findFieldByNumber(1).getEnumType(), Code.getDescriptor());
  }

  @Test
  void batchingParametersUseWrappersAtUpstreamsNumbers() throws Exception {
    byte[] golden = Hex.bytes(
        "0a 03 08 8001"                              // max_batch_size (1) = { 128 }
            + " 12 00"                               // batch_timeout_micros (2) = { 0 }: set, though zero
            + " 2a 03 0a 01 70"                      // thread_pool_name (5) = { "p" }
            + " 32 03 20 8001"                       // allowed_batch_sizes (6) packed [32, 128]
            + " 38 01"                               // pad_variable_length_inputs (7) = true
            + " 42 02 08 01"                         // enable_large_batch_splitting (8) = { true }
            + " 4a 02 08 20");                       // max_execution_batch_size (9) = { 32 }
    BatchingParameters parameters = BatchingParameters.newBuilder()
        .setMaxBatchSize(Int64Value.of(128))
        .setBatchTimeoutMicros(Int64Value.of(0))
        .setThreadPoolName(StringValue.of("p"))
        .addAllowedBatchSizes(32).addAllowedBatchSizes(128)
        .setPadVariableLengthInputs(true)
        .setEnableLargeBatchSplitting(BoolValue.of(true))
        .setMaxExecutionBatchSize(Int64Value.of(32))
        .build();

    assertArrayEquals(golden, parameters.toByteArray());
    assertEquals(parameters, BatchingParameters.parseFrom(golden));
    assertArrayEquals(Hex.bytes("1a 02 08 05 22 02 08 02"), BatchingParameters.newBuilder() // 3 and 4
        .setMaxEnqueuedBatches(Int64Value.of(5)).setNumBatchThreads(Int64Value.of(2)).build().toByteArray());
  }

  @Test
  void fullNamesAreUpstreams() {
    assertEquals("tensorflow.serving.ModelServerConfig", ModelServerConfig.getDescriptor().getFullName());
    assertEquals("tensorflow.serving.ModelConfig", ModelConfig.getDescriptor().getFullName());
    assertEquals("tensorflow.serving.FileSystemStoragePathSourceConfig.ServableVersionPolicy",
        ServableVersionPolicy.getDescriptor().getFullName());
    assertEquals("tensorflow.serving.ReloadConfigRequest", ReloadConfigRequest.getDescriptor().getFullName());
    assertEquals("tensorflow.serving.GetModelStatusResponse", GetModelStatusResponse.getDescriptor().getFullName());
    assertEquals("tensorflow.serving.StatusProto", StatusProto.getDescriptor().getFullName());
    assertEquals("tensorflow.serving.BatchingParameters", BatchingParameters.getDescriptor().getFullName());
    assertEquals("tensorflow.error.Code", Code.getDescriptor().getFullName());
  }
}
