package org.modelrt.http;

import io.netty.handler.codec.http.HttpMethod;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.modelrt.serving.ModelRef;
import org.modelrt.serving.observe.Endpoint;

/**
 * One request's target, from TF Serving's URL grammar (http_rest_api_handler.cc, both patterns case-insensitive):
 * {@code POST /v1/models/{m}[/versions/{n}|/labels/{l}]:(predict|classify|regress)}, {@code GET
 * /v1/models/{m}[/versions/{n}|/labels/{l}][/metadata]}, and the Prometheus page. Other {@code /v1/} paths are
 * "Malformed request" (400), other paths 404, a known path with the wrong method 405.
 *
 * @param kind what is asked
 * @param model the model and version named; {@code null} for {@link Kind#METRICS}
 */
record Route(Kind kind, ModelRef model) {
  /** What a request asks for. */
  enum Kind { PREDICT, CLASSIFY, REGRESS, STATUS, METADATA, METRICS }

  private static final Pattern PREDICT = Pattern.compile(
      "/v1/models/([^/:]+)(?:/versions/(\\d+)|/labels/([^/:]+))?:(classify|regress|predict)",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern STATUS = Pattern.compile(
      "/v1/models(?:/([^/:]+))?(?:/versions/(\\d+)|/labels/([^/:]+))?(/metadata)?", Pattern.CASE_INSENSITIVE);

  /** A request the grammar refuses: its HTTP status, TF Serving's message, and the allowed method for a 405. */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String allow;

    Refused(int status, String message, String allow) {
      super(message, null, false, false);
      this.status = status;
      this.allow = allow;
    }
  }

  /**
   * The route of {@code method} on {@code uri} (a query string is ignored).
   *
   * @throws Refused for a malformed, unknown or wrongly-methoded path
   */
  static Route parse(HttpMethod method, String uri) {
    int query = uri.indexOf('?');
    String path = query < 0 ? uri : uri.substring(0, query);
    if (path.equalsIgnoreCase("/metrics") || path.equalsIgnoreCase("/monitoring/prometheus/metrics")) {
      if (!method.equals(HttpMethod.GET)) {
        throw new Refused(405, "Method not allowed: " + method + " " + path + "; expected GET", "GET");
      }
      return new Route(Kind.METRICS, null);
    }
    Matcher m = PREDICT.matcher(path);
    if (m.matches()) {
      Kind kind = Kind.valueOf(m.group(4).toUpperCase(Locale.ROOT));
      return require(method, HttpMethod.POST, new Route(kind, ref(m.group(1), m.group(2), m.group(3))), path);
    }
    m = STATUS.matcher(path);
    if (m.matches()) {
      if (m.group(1) == null) {
        require(method, HttpMethod.GET, null, path);
        throw new Refused(400, "Missing model name in request.", null);
      }
      Kind kind = m.group(4) == null ? Kind.STATUS : Kind.METADATA;
      return require(method, HttpMethod.GET, new Route(kind, ref(m.group(1), m.group(2), m.group(3))), path);
    }
    if (path.regionMatches(true, 0, "/v1/", 0, 4)) {
      throw new Refused(400, "Malformed request: " + method + " " + path, null);
    }
    throw new Refused(404, "Not found: " + method + " " + path + "; this server answers /v1/models/... (TF Serving"
        + " REST) and /metrics", null);
  }

  private static Route require(HttpMethod method, HttpMethod allowed, Route route, String path) {
    if (method.equals(allowed)) {
      return route;
    }
    if (method.equals(HttpMethod.GET) || method.equals(HttpMethod.POST)) {
      throw new Refused(400, "Malformed request: " + method + " " + path, null);
    }
    throw new Refused(405, "Method not allowed: " + method + " " + path + "; expected " + allowed, allowed.name());
  }

  private static String decoded(String part) {
    try {
      return java.net.URLDecoder.decode(part.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new Refused(400, "Malformed request: bad percent-encoding in '" + part + "'", null);
    }
  }

  private static ModelRef ref(String name, String version, String label) {
    if (version == null) {
      return new ModelRef(decoded(name), OptionalLong.empty(), label == null ? "" : decoded(label));
    }
    try {
      return new ModelRef(decoded(name), OptionalLong.of(Long.parseLong(version)), "");
    } catch (NumberFormatException e) {
      throw new Refused(400, "Failed to convert version: " + version + " to numeric.", null);
    }
  }

  /** How metrics and the access log name this route's calls: TF Serving's route and API. */
  Endpoint endpoint() {
    return ENDPOINTS.get(kind);
  }

  /**
   * Each kind's endpoint, built once: the metrics' series lookup hashes and compares it per call, which costs nothing
   * for strings already hashed and the same instance.
   */
  private static final Map<Kind, Endpoint> ENDPOINTS = endpoints();

  private static Map<Kind, Endpoint> endpoints() {
    Map<Kind, Endpoint> endpoints = new EnumMap<>(Kind.class);
    for (Kind kind : Kind.values()) {
      String api = kind.name().toLowerCase(Locale.ROOT);
      String route = switch (kind) {
        case PREDICT, CLASSIFY, REGRESS -> "/v1/models/{model}:" + api;
        case METADATA -> "/v1/models/{model}/metadata";
        default -> "/v1/models/{model}";
      };
      endpoints.put(kind, Endpoint.rest(route, api));
    }
    return endpoints;
  }
}
