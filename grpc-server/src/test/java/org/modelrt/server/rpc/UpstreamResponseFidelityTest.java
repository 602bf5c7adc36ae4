package org.modelrt.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.modelrt.engine.EngineOptions;
import org.modelrt.engine.LoadedModel;
import org.modelrt.engine.ModelLoader;
import org.modelrt.fixtures.TestModels;
import org.modelrt.server.testing.ServerHarness;
import org.modelrt.serving.SingleModel;
import org.modelrt.serving.codec.ResponseEncoding;
import org.modelrt.wire.g3.Tensor;
import org.modelrt.wire.g3.TensorShape;
import org.modelrt.wire.tensor.DataType;
import org.modelrt.wire.tensor.TensorProto;
import org.modelrt.wire.tensor.TensorShapeProto;
import org.modelrt.wire.tfserving.ModelSpec;
import org.modelrt.wire.tfserving.PredictRequest;
import org.modelrt.wire.tfserving.PredictResponse;

/**
 * Whole responses, compared message for message with what the upstream runtimes send, built here by hand from their
 * documented behaviour (hydrosphere-runtime-contract.md): the upstream TensorFlow runtime answers with
 * {@code tf.make_tensor_proto} tensors (typed {@code *_val}, dtype, shape) and no model_spec, whatever encoding the
 * request used; the G3 runtimes answer typed Tensors. Upstream tests compare whole responses, so any extra field
 * (a model_spec, tensor_content) breaks them. With the default response encoding (typed) on tf_twoin, whose outputs
 * are exact in float32 (sum = x + a, diff = x - 2a).
 */
final class UpstreamResponseFidelityTest {
  private static final RuntimeServer.Limits DEFAULTS = new RuntimeServer.Limits(4 << 20, 8, 1 << 20,
      ResponseEncoding.TYPED);
  @AutoClose
  private static final LoadedModel MODEL = load();
  @AutoClose
  private static final ServerHarness SERVER = ServerHarness.inProcess(SingleModel.serving(MODEL), DEFAULTS);

  private static LoadedModel load() {
    try {
      return ModelLoader.load(TestModels.dir("tf_twoin"), EngineOptions.defaults().withWarmupRuns(1));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static ByteString littleEndian(float... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return ByteString.copyFrom(b.array());
  }

  private static TensorShapeProto shape(long... dims) {
    TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
    for (long d : dims) {
      s.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
    }
    return s.build();
  }

  private static TensorProto typed(float... values) {
    TensorProto.Builder t = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(shape(1, 4));
    for (float v : values) {
      t.addFloatVal(v);
    }
    return t.build();
  }

  @Test
  void g2_aRequestInTensorContent_isAnsweredTyped_withNoModelSpec_exactlyAsUpstream() {
    TensorProto x = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(shape(1, 4))
        .setTensorContent(littleEndian(1, 2, 3, 4)).build();
    TensorProto a = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(shape(1, 4))
        .setTensorContent(littleEndian(0.5f, 0.5f, 0.5f, 0.5f)).build();

    PredictResponse answer = SERVER.tf().predict(PredictRequest.newBuilder()
        .setModelSpec(ModelSpec.newBuilder().setSignatureName("serving_default"))
        .putInputs("x", x).putInputs("a", a).build());

    PredictResponse upstream = PredictResponse.newBuilder()
        .putOutputs("sum", typed(1.5f, 2.5f, 3.5f, 4.5f))
        .putOutputs("diff", typed(0, 1, 2, 3))
        .build();
    assertEquals(upstream, answer); // whole messages (map entries compare as maps: their order on the wire is free)
  }

  @Test
  void g2_aRequestThatNamesAModel_getsItsSpecBack_withTheSignatureThatRan() {
    PredictResponse answer = SERVER.tf().predict(PredictRequest.newBuilder()
        .setModelSpec(ModelSpec.newBuilder().setName("twoin"))
        .putInputs("x", typed(1, 2, 3, 4)).putInputs("a", typed(0.5f, 0.5f, 0.5f, 0.5f)).build());

    assertEquals(ModelSpec.newBuilder().setName("twoin").setSignatureName("serving_default").build(),
        answer.getModelSpec());
  }

  @Test
  void g3_aRequestInBinaryVal_isAnsweredWithTypedTensors_exactlyAsUpstream() {
    TensorShape s14 = TensorShape.newBuilder().addDims(1).addDims(4).build();
    org.modelrt.wire.g3.PredictRequest request = org.modelrt.wire.g3.PredictRequest.newBuilder()
        .putInputs("x", Tensor.newBuilder().setDtype(org.modelrt.wire.g3.DataType.DT_FLOAT).setTensorShape(s14)
            .setBinaryVal(littleEndian(1, 2, 3, 4)).build())
        .putInputs("a", Tensor.newBuilder().setDtype(org.modelrt.wire.g3.DataType.DT_FLOAT).setTensorShape(s14)
            .addFloatVal(0.5f).addFloatVal(0.5f).addFloatVal(0.5f).addFloatVal(0.5f).build())
        .build();

    org.modelrt.wire.g3.PredictResponse answer = SERVER.g3().predict(request);

    org.modelrt.wire.g3.PredictResponse upstream = org.modelrt.wire.g3.PredictResponse.newBuilder()
        .putOutputs("sum", Tensor.newBuilder().setDtype(org.modelrt.wire.g3.DataType.DT_FLOAT).setTensorShape(s14)
            .addFloatVal(1.5f).addFloatVal(2.5f).addFloatVal(3.5f).addFloatVal(4.5f).build())
        .putOutputs("diff", Tensor.newBuilder().setDtype(org.modelrt.wire.g3.DataType.DT_FLOAT).setTensorShape(s14)
            .addFloatVal(0).addFloatVal(1).addFloatVal(2).addFloatVal(3).build())
        .build();
    assertEquals(upstream, answer);
  }
}
