package org.modelrt.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.google.protobuf.Int64Value;
import com.google.protobuf.util.JsonFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.modelrt.engine.CallerDeadline;
import org.modelrt.serving.Lease;
import org.modelrt.serving.ModelRef;
import org.modelrt.serving.ModelRegistry;
import org.modelrt.serving.ModelStatuses;
import org.modelrt.serving.PredictCall;
import org.modelrt.serving.PredictPipeline;
import org.modelrt.serving.Prediction;
import org.modelrt.serving.ServingException;
import org.modelrt.serving.ServingFailures;
import org.modelrt.serving.SignatureDefs;
import org.modelrt.serving.codec.WireFormat;
import org.modelrt.serving.observe.CallRecord;
import org.modelrt.wire.tensor.TensorProto;
import org.modelrt.wire.tfserving.GetModelStatusResponse;
import org.modelrt.wire.tfserving.ModelSpec;

/**
 * TF Serving's REST methods over the core, with no Netty in sight: predict (JSON to TensorProto, the one
 * {@link PredictPipeline}, TensorProto to JSON), model status and metadata, and every failure as {@code {"error":
 * "..."}} with its HTTP status. Thread-safe.
 */
final class RestService {
  private static final JsonFormat.Printer PROTO_JSON =
      JsonFormat.printer().preservingProtoFieldNames().alwaysPrintFieldsWithNoPresence();

  private final PredictPipeline pipeline;
  private final ModelRegistry registry;
  private final ExampleMethods examples;

  RestService(PredictPipeline pipeline, ExampleMethods examples) {
    this.pipeline = pipeline;
    this.registry = pipeline.registry();
    this.examples = examples;
  }

  /** The answer to {@code route}, never throwing: a failure is its error answer. */
  Answer answer(Route route, ByteBuf body, CallerDeadline caller, ByteBufAllocator alloc, CallRecord record) {
    try {
      return switch (route.kind()) {
        case PREDICT -> predict(route.model(), body, caller, alloc, record);
        case STATUS -> json(200, alloc, PROTO_JSON.print(status(route.model())));
        case METADATA -> metadata(route.model(), alloc);
        case CLASSIFY, REGRESS -> {
          registry.status(route.model()); // an unknown model is 404 before anything else
          yield examples.answer(route.kind().name().toLowerCase(Locale.ROOT), route.model(), body, caller, alloc);
        }
        case METRICS -> throw new IllegalStateException("the metrics page is not a REST method");
      };
    } catch (Throwable failure) {
      return error(failure, "REST " + route.kind().name().toLowerCase(Locale.ROOT), alloc);
    }
  }

  private Answer predict(ModelRef model, ByteBuf body, CallerDeadline caller, ByteBufAllocator alloc,
      CallRecord record) throws IOException {
    PredictBody request;
    Prediction<TensorProto> prediction;
    // The dtypes come from the signature the core will run (TF Serving: GetInfoMap, then Predict): the version is
    // taken once the body's syntax is checked and its signature known, and the core runs on that same hold.
    try (VersionHold hold = new VersionHold(model)) {
      request = PredictBody.read(body, signature -> hold.lease().requests().select(signature));
      prediction = pipeline.predict(new PredictCall<>(model, request.signatureName(), request.inputs(), List.of()),
          hold.lease(), WireFormat.TENSOR_PROTO, caller, record);
    }
    ByteBuf out = alloc.buffer();
    try (JsonGenerator g = JsonBodies.generator(out)) {
      PredictAnswer.write(g, prediction.outputs(), request.columnar());
    } catch (IOException | RuntimeException e) {
      out.release();
      throw e;
    }
    return new Answer(200, Answer.JSON, out);
  }

  /** The version one predict reads its body against and runs on: taken when first asked for, released on close. */
  private final class VersionHold implements AutoCloseable {
    private final ModelRef model;
    private Lease lease;

    VersionHold(ModelRef model) {
      this.model = model;
    }

    Lease lease() {
      if (lease == null) {
        lease = registry.acquire(model);
      }
      return lease;
    }

    @Override
    public void close() {
      if (lease != null) {
        lease.close();
      }
    }
  }

  private GetModelStatusResponse status(ModelRef model) {
    return ModelStatuses.response(registry.status(model));
  }

  /** {@code {"model_spec": {...}, "metadata": {"signature_def": <SignatureDefMap>}}}, TF Serving's layout. */
  private Answer metadata(ModelRef model, ByteBufAllocator alloc) throws IOException {
    String spec;
    String signatures;
    try (Lease lease = registry.acquire(model)) {
      spec = PROTO_JSON.print(ModelSpec.newBuilder().setName(lease.model())
          .setVersion(Int64Value.of(lease.version())).build());
      signatures = PROTO_JSON.print(SignatureDefs.of(lease.loaded().contract()));
    }
    ByteBuf out = alloc.buffer();
    try (JsonGenerator g = JsonBodies.generator(out)) {
      g.writeStartObject();
      g.writeFieldName("model_spec");
      g.writeRawValue(spec);
      g.writeObjectFieldStart("metadata");
      g.writeFieldName("signature_def");
      g.writeRawValue(signatures);
      g.writeEndObject();
      g.writeEndObject();
    }
    return new Answer(200, Answer.JSON, out);
  }

  /** {@code failure} as {@code {"error": "..."}}: a bad body is the caller's (400, or 501 for a dtype JSON lacks). */
  static Answer error(Throwable failure, String method, ByteBufAllocator alloc) {
    if (failure instanceof JsonRequestException e) {
      return error(e.isUnimplemented() ? 501 : 400, e.getMessage(), alloc);
    } else if (failure instanceof StreamConstraintsException e) {
      return error(400, "JSON Parse error: nesting deeper than " + JsonBodies.MAX_DEPTH + " levels"
          + (e.getLocation() == null ? "" : " at offset: " + e.getLocation().getByteOffset()), alloc);
    } else if (failure instanceof java.io.CharConversionException) {
      // Jackson guesses UTF-16/32 from a body's first bytes and fails on what follows: still the caller's bytes.
      return error(400, "JSON Parse error: the body is not UTF-8 JSON text", alloc);
    } else if (failure instanceof JsonProcessingException e) {
      return error(400, "JSON Parse error: " + e.getOriginalMessage() + " at offset: "
          + (e.getLocation() == null ? -1 : e.getLocation().getByteOffset()), alloc);
    } else if (failure instanceof Route.Refused e) {
      return error(e.status, e.getMessage(), alloc);
    }
    ServingException serving = ServingFailures.classify(failure, method);
    return error(HttpStatuses.of(serving.code()), serving.getMessage(), alloc);
  }

  static Answer error(int status, String message, ByteBufAllocator alloc) {
    ByteBuf out = alloc.buffer();
    try (JsonGenerator g = JsonBodies.generator(out)) {
      g.writeStartObject();
      g.writeStringField("error", message);
      g.writeEndObject();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e); // writing to memory
    }
    return new Answer(status, Answer.JSON, out);
  }

  private static Answer json(int status, ByteBufAllocator alloc, String text) {
    ByteBuf out = alloc.buffer(text.length());
    out.writeCharSequence(text, java.nio.charset.StandardCharsets.UTF_8);
    return new Answer(status, Answer.JSON, out);
  }
}
