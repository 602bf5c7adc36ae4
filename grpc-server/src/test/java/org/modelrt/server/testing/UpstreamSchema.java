package org.modelrt.server.testing;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.TextFormat;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A client that knows nothing of modelrt's generated code: TF Serving's own schema (the descriptors of the stubs
 * generated from upstream's .proto files, shipped in Camel's camel-tensorflow-serving and copied to
 * target/upstream by the build), requests written in text format, messages as {@link DynamicMessage}, and raw gRPC
 * calls on upstream's method names. The stubs' jar is loaded in its own class loader, parent-first, so its
 * bundled copies of protobuf's well-known types never replace protobuf-java's. Thread-safe once made.
 */
public final class UpstreamSchema {
  private static final Path JAR = Path.of("target", "upstream", "upstream-tf-serving-stubs.jar");
  private static final io.grpc.MethodDescriptor.Marshaller<byte[]> BYTES =
      new io.grpc.MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  private final ClassLoader loader;
  private final ServiceDescriptor predictionService;

  private UpstreamSchema(ClassLoader loader) throws ReflectiveOperationException {
    this.loader = loader;
    this.predictionService = file("tensorflow.serving.PredictionServiceOuterClass")
        .findServiceByName("PredictionService");
  }

  public static UpstreamSchema load() throws ReflectiveOperationException, MalformedURLException {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(JAR.toAbsolutePath() + " is missing (grpc-server's pom copies it)");
    }
    return new UpstreamSchema(
        new URLClassLoader(new URL[] {JAR.toUri().toURL()}, UpstreamSchema.class.getClassLoader()));
  }

  /** Upstream's message {@code name} of the .proto file whose outer class is {@code outerClass}. */
  public Descriptor message(String outerClass, String name) throws ReflectiveOperationException {
    return file(outerClass).findMessageTypeByName(name);
  }

  private FileDescriptor file(String outerClass) throws ReflectiveOperationException {
    return (FileDescriptor) Class.forName(outerClass, true, loader).getMethod("getDescriptor").invoke(null);
  }

  /** Upstream's method of {@code tensorflow.serving.PredictionService}. */
  public MethodDescriptor method(String name) {
    MethodDescriptor method = predictionService.findMethodByName(name);
    if (method == null) {
      throw new IllegalArgumentException("upstream's PredictionService has no method " + name);
    }
    return method;
  }

  /** A message of {@code type} from its text format. */
  public static DynamicMessage text(Descriptor type, String text) throws TextFormat.ParseException {
    DynamicMessage.Builder message = DynamicMessage.newBuilder(type);
    TextFormat.merge(text, message);
    return message.build();
  }

  /** Calls upstream's method {@code name} with a request written in text format; the response as upstream reads it. */
  public DynamicMessage call(Channel channel, String name, String requestText)
      throws TextFormat.ParseException, InvalidProtocolBufferException {
    MethodDescriptor method = method(name);
    io.grpc.MethodDescriptor<byte[], byte[]> rpc = io.grpc.MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(io.grpc.MethodDescriptor.generateFullMethodName(predictionService.getFullName(), name))
        .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
    byte[] response = ClientCalls.blockingUnaryCall(channel, rpc,
        CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS),
        text(method.getInputType(), requestText).toByteArray());
    return DynamicMessage.parseFrom(method.getOutputType(), response);
  }
}
