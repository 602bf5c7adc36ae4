package org.modelrt.bench.jmh;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.concurrent.TimeUnit;
import org.modelrt.contract.DType;
import org.modelrt.contract.Field;
import org.modelrt.contract.Shape;
import org.modelrt.contract.TensorHeader;
import org.modelrt.contract.ValidatedInput;
import org.modelrt.serving.codec.TensorCodec;
import org.modelrt.serving.codec.TensorText;
import org.modelrt.serving.codec.WireFormat;
import org.modelrt.wire.tensor.TensorProto;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding one request tensor into an engine array, as the Predict pipeline does after validation: read the header,
 * {@code TensorCodec.decode} into a request scope, close the scope. {@link #decode} starts from the parsed message;
 * {@link #parseAndDecode} from the serialized tensor bytes (protobuf parsing included). The {@code bytes} counter
 * (elements x element size) makes JMH report bytes per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Dai.djl.onnx.disable_alternative=true"})
public class CodecDecodeBenchmark {

  /** One tensor, its serialized bytes, and the validated input it decodes into. */
  @State(Scope.Thread)
  public static class Tensor {
    @Param({"FLOAT", "DOUBLE", "INT32", "INT64", "BOOL", "STRING"})
    public DType dtype;

    /** {@code TYPED}: the dtype's {@code *_val} field; {@code CONTENT}: {@code tensor_content}. */
    @Param({"TYPED", "CONTENT"})
    public String encoding;

    @Param({"1", "1024", "1048576"})
    public int elements;

    TensorProto message;
    byte[] serialized;
    ValidatedInput input;
    NDManager base;
    long payload;

    @Setup
    public void build() {
      boolean content = encoding.equals("CONTENT");
      if (content && !dtype.hasFixedSize()) {
        throw new IllegalArgumentException(dtype + " has no tensor_content form");
      }
      long[] shape = {elements};
      message = TensorText.toTensor(WireFormat.TENSOR_PROTO, dtype, shape, CodecPayloads.values(dtype, elements),
          content);
      serialized = message.toByteArray();
      input = new ValidatedInput(Field.tensor("x", dtype, Shape.of(-1)), shape, false);
      base = NDManager.newBaseManager(CodecPayloads.engine(dtype));
      payload = CodecPayloads.bytes(dtype, elements);
    }

    @TearDown
    public void close() {
      base.close();
    }
  }

  @Benchmark
  public long decode(Tensor t, ByteCounter counter) {
    return decodeInto(t, t.message, counter);
  }

  @Benchmark
  public long parseAndDecode(Tensor t, ByteCounter counter) throws Exception {
    return decodeInto(t, TensorProto.parseFrom(t.serialized), counter);
  }

  private static long decodeInto(Tensor t, TensorProto message, ByteCounter counter) {
    try (NDManager scope = t.base.newSubManager()) {
      TensorHeader header = WireFormat.TENSOR_PROTO.header(message);
      NDArray array = TensorCodec.decode(WireFormat.TENSOR_PROTO, message, header, t.input, scope);
      counter.bytes += t.payload;
      return array.size();
    }
  }
}
