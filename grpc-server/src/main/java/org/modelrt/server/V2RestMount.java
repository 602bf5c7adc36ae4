package org.modelrt.server;

import org.modelrt.http.HttpFront;
import org.modelrt.http.v2.V2Rest;
import org.modelrt.serving.PredictPipeline;

/**
 * KServe's Open Inference Protocol (v2) REST, mounted under {@code /v2} on the HTTP front: the HTTP front's
 * {@link V2Rest} over the runtime's pipeline, naming this build's version in server metadata. Stateless.
 */
final class V2RestMount {
  private V2RestMount() {}

  static HttpFront.Mount of(PredictPipeline pipeline) {
    String version = V2RestMount.class.getPackage().getImplementationVersion();
    return new V2Rest(pipeline, version == null ? "dev" : version).mount();
  }
}
