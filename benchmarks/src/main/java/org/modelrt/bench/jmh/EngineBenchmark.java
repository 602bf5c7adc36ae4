package org.modelrt.bench.jmh;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.modelrt.bench.fixture.TestModels;
import org.modelrt.contract.Signature;
import org.modelrt.engine.EngineOptions;
import org.modelrt.engine.LoadedModel;
import org.modelrt.engine.ModelLoader;
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
 * The engine call alone, as the server pays it: open a request scope, create the input there, {@code
 * LoadedModel.predict}, read the output's bytes, close the scope. Each engine's Linear 4->3 fixture at batch 1, the
 * model loaded with the runtime's default options. This is the "engine" term of the end-to-end target.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Dai.djl.onnx.disable_alternative=true"})
public class EngineBenchmark {

  /** The loaded model and its default signature. */
  @State(Scope.Benchmark)
  public static class Model {
    @Param({"pt_linear", "onnx_linear", "tf_linear"})
    public String model;

    LoadedModel loaded;
    Signature signature;
    final float[] input = {1f, 2f, 3f, 4f};

    @Setup
    public void load() throws Exception {
      loaded = ModelLoader.load(TestModels.dir(model), EngineOptions.defaults());
      signature = loaded.contract().select("");
    }

    @TearDown
    public void close() {
      loaded.close();
    }
  }

  @Benchmark
  public ByteBuffer predict(Model m) {
    try (NDManager scope = m.loaded.newRequestScope()) {
      NDArray x = scope.create(m.input, new Shape(1, 4));
      NDList outputs = m.loaded.predict(m.signature, new NDList(x));
      return outputs.get(0).toByteBuffer();
    }
  }
}
