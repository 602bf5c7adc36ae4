package org.modelrt.bench.jmh;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessServerBuilder;
import java.util.concurrent.TimeUnit;
import org.modelrt.bench.fixture.TestModels;
import org.modelrt.bench.load.RequestSpecs;
import org.modelrt.wire.tfserving.PredictRequest;
import org.modelrt.wire.tfserving.PredictResponse;
import org.modelrt.wire.tfserving.service.PredictionServiceGrpc;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * One G2 Predict, client to server and back, one caller: the runtime serving a tiny model against the bare echo
 * baseline, each over loopback Netty and in-process. The request is the model's first expected.json case (Linear
 * 4->3, batch 1, typed {@code float_val}), built once; the client is the same blocking stub for both servers.
 * Sample-time mode, so the report has p50/p90/p99.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Dai.djl.onnx.disable_alternative=true"})
public class EndToEndBenchmark {

  /** The server, its channel and the prepared request. */
  @State(Scope.Benchmark)
  public static class Call {
    /** {@code echo}: the baseline; {@code modelrt}: the runtime serving {@link #model}. */
    @Param({"echo", "modelrt"})
    public String server;

    @Param({"NETTY", "INPROCESS"})
    public Transport transport;

    @Param({"pt_linear"})
    public String model;

    ServerUnderTest underTest;
    ManagedChannel channel;
    PredictionServiceGrpc.PredictionServiceBlockingStub stub;
    PredictRequest request;

    @Setup(Level.Trial)
    public void start() throws Exception {
      String name = InProcessServerBuilder.generateName();
      underTest = ServerUnderTests.start(server, transport.serverBuilder(name), TestModels.dir(model));
      channel = transport.channel(name, underTest.port());
      stub = PredictionServiceGrpc.newBlockingStub(channel);
      request = RequestSpecs.fromJson(TestModels.expectedJson(model), 0, false).g2(model);
      PredictResponse first = stub.predict(request);
      if (first.getOutputsCount() == 0) {
        throw new IllegalStateException(server + " answered with no outputs");
      }
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      underTest.close();
    }
  }

  @Benchmark
  public PredictResponse predict(Call call) {
    return call.stub.predict(call.request);
  }
}
