package org.modelrt.serving.observe;

/**
 * One call as metrics, the access log and traces see it: the front fills in where it came from, its bytes and its
 * status; {@link org.modelrt.serving.PredictPipeline} marks the model it reached and the phase boundaries (queue:
 * admission and taking the model version; decode: signature, validation and decoding; engine: the predictor wait and
 * the run; encode). {@link Observability#end} turns it into samples once the call has ended.
 *
 * <p>Not thread-safe: owned by one call, whose threads hand it on in order (gRPC serializes a call's callbacks).
 * After {@link Observability#end} it is read only, by the access log's writer.
 */
public final class CallRecord {
  final Endpoint endpoint;
  final long startNanos;
  final long startEpochMillis;
  final String peer;
  final String traceId;
  /** The OpenTelemetry span of the call, when tracing is on; else null. */
  final Object span;

  String model = "";
  long version = -1;
  String signature = "";
  String runtime = "";
  long enteredAt;
  long acquiredAt;
  long decodedAt;
  long ranAt;
  long encodedAt;
  long requestBytes;
  long responseBytes;
  String status = "UNKNOWN";
  long durationNanos;
  private boolean ended;

  CallRecord(Endpoint endpoint, long startNanos, long startEpochMillis, String peer, String traceId, Object span) {
    this.endpoint = endpoint;
    this.startNanos = startNanos;
    this.startEpochMillis = startEpochMillis;
    this.peer = peer;
    this.traceId = traceId;
    this.span = span;
  }

  /** A record nobody observes, for a predict made without a front's record (tests, tools). */
  public static CallRecord detached() {
    return new CallRecord(null, System.nanoTime(), 0, "", "", null);
  }

  /** The call's trace id: the caller's, or a fresh one. */
  public String traceId() {
    return traceId;
  }

  public String model() {
    return model;
  }

  /** The version that served it; -1 when none was reached. */
  public long version() {
    return version;
  }

  public String signature() {
    return signature;
  }

  /** The status it ended with (a gRPC code name); {@code UNKNOWN} before it ended. */
  public String status() {
    return status;
  }

  /** The call has entered the pipeline, asking for {@code requestedModel} (known before any version is taken). */
  public void entered(String requestedModel) {
    enteredAt = System.nanoTime();
    if (model.isEmpty()) {
      model = requestedModel;
    }
  }

  /** The call holds {@code version} of {@code servedModel}, run by {@code runtime} (the engine): queue ends. */
  public void acquired(String servedModel, long servedVersion, String engine) {
    acquiredAt = System.nanoTime();
    model = servedModel;
    version = servedVersion;
    runtime = engine;
  }

  public void signature(String name) {
    signature = name;
  }

  /** The inputs are decoded: decode ends. */
  public void decoded() {
    decodedAt = System.nanoTime();
  }

  /** The engine has run: engine ends. */
  public void ran() {
    ranAt = System.nanoTime();
  }

  /** The outputs are encoded: encode ends. */
  public void encoded() {
    encodedAt = System.nanoTime();
  }

  /** Adds received message bytes. */
  public void addRequestBytes(long bytes) {
    requestBytes += bytes;
  }

  /** Adds sent message bytes. */
  public void addResponseBytes(long bytes) {
    responseBytes += bytes;
  }

  /** Marks it ended with {@code code}; false when it had already ended (a call is observed once). */
  boolean end(String code, long nowNanos) {
    if (ended) {
      return false;
    }
    ended = true;
    status = code;
    durationNanos = nowNanos - startNanos;
    return true;
  }

  static long between(long from, long to) {
    return from != 0 && to != 0 ? to - from : -1;
  }
}
