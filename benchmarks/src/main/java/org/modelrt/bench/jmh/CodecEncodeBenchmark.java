package org.modelrt.bench.jmh;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.concurrent.TimeUnit;
import org.modelrt.contract.DType;
import org.modelrt.contract.Field;
import org.modelrt.contract.Shape;
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
 * Encoding one engine output array into a response tensor: {@code TensorCodec.encode}, typed {@code *_val} or
 * {@code tensor_content}, from an array the engine holds (made once, by decoding the same values). The
 * {@code bytes} counter makes JMH report bytes per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Dai.djl.onnx.disable_alternative=true"})
public class CodecEncodeBenchmark {

  /** One engine array and the contract field it is encoded as. */
  @State(Scope.Thread)
  public static class Array {
    @Param({"FLOAT", "DOUBLE", "INT32", "INT64", "BOOL", "STRING"})
    public DType dtype;

    /** {@code TYPED}: the dtype's {@code *_val} field; {@code CONTENT}: {@code tensor_content}. */
    @Param({"TYPED", "CONTENT"})
    public String encoding;

    @Param({"1", "1024", "1048576"})
    public int elements;

    NDManager base;
    NDArray array;
    Field field;
    boolean content;
    long payload;

    @Setup
    public void build() {
      content = encoding.equals("CONTENT");
      if (content && !dtype.hasFixedSize()) {
        throw new IllegalArgumentException(dtype + " has no tensor_content form");
      }
      long[] shape = {elements};
      field = Field.tensor("y", dtype, Shape.of(-1));
      TensorProto source = TensorText.toTensor(WireFormat.TENSOR_PROTO, dtype, shape,
          CodecPayloads.values(dtype, elements), false);
      base = NDManager.newBaseManager(CodecPayloads.engine(dtype));
      array = TensorCodec.decode(WireFormat.TENSOR_PROTO, source, WireFormat.TENSOR_PROTO.header(source),
          new ValidatedInput(field, shape, false), base);
      payload = CodecPayloads.bytes(dtype, elements);
    }

    @TearDown
    public void close() {
      base.close();
    }
  }

  @Benchmark
  public TensorProto encode(Array a, ByteCounter counter) {
    counter.bytes += a.payload;
    return TensorCodec.encode(WireFormat.TENSOR_PROTO, a.array, a.field, a.content);
  }
}
