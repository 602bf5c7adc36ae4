package org.modelrt.http.v2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The component schemas of the vendored Open Inference Protocol OpenAPI document (test resource
 * open-inference-protocol/open_inference_rest.yaml), checked with networknt's JSON-schema validator: a body is
 * valid when it has no errors against {@code #/components/schemas/<name>}. OpenAPI 3.0 schemas are JSON Schema
 * draft-07 in all the keywords the document uses.
 */
final class OpenApiSchemas {
  private static final JsonNode DOCUMENT = load();
  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);

  private OpenApiSchemas() {}

  /** The validator's errors for {@code json} against component schema {@code name}; empty when valid. */
  static List<String> errors(String name, byte[] json) {
    if (!DOCUMENT.path("components").path("schemas").has(name)) {
      throw new IllegalArgumentException("the OpenAPI document has no schema " + name);
    }
    ObjectNode root = new ObjectMapper().createObjectNode();
    root.put("$ref", "#/components/schemas/" + name);
    root.set("components", DOCUMENT.get("components"));
    Schema schema = REGISTRY.getSchema(root.toString(), InputFormat.JSON);
    return schema.validate(new String(json, StandardCharsets.UTF_8), InputFormat.JSON).stream()
        .map(Error::toString).toList();
  }

  private static JsonNode load() {
    try (InputStream in = OpenApiSchemas.class.getResourceAsStream("/open-inference-protocol/open_inference_rest.yaml")) {
      return new ObjectMapper(new YAMLFactory()).readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
