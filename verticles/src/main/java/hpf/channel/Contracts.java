package hpf.channel;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Loads a zone's contract from the classpath copy of {@code api-specs/} and bundles it: references into the
 * shared {@code components/common.yaml} become local references, and the shared components are merged in,
 * so each listener serves one self-contained document and the validator sees one file.
 */
public final class Contracts {

  static final String ROOT = "api-specs/";
  static final String SHARED = "components/common.yaml";
  private static final String PROBLEM_JSON = "application/problem+json";

  private Contracts() {}

  /** A bundled contract: the JSON tree, and the YAML text served at {@code /openapi.yaml}. */
  public record Bundled(Zone zone, JsonObject document, String yaml) {

    /** Every operationId the contract declares. */
    public List<String> operationIds() {
      return document.getJsonObject("paths", new JsonObject()).stream()
          .flatMap(path -> ((JsonObject) path.getValue()).stream())
          .filter(op -> op.getValue() instanceof JsonObject o && o.containsKey("operationId"))
          .map(op -> ((JsonObject) op.getValue()).getString("operationId"))
          .toList();
    }
  }

  /** Blocking: reads classpath resources. Call at start-up, off the event loop. */
  public static Bundled bundle(Zone zone) {
    JsonObject spec = read(ROOT + zone.contractFile());
    JsonObject shared = read(ROOT + SHARED).getJsonObject("components", new JsonObject());
    JsonObject own = spec.getJsonObject("components", new JsonObject());
    for (String kind : shared.fieldNames()) {
      JsonObject target = own.getJsonObject(kind, new JsonObject());
      shared.getJsonObject(kind).forEach(entry -> {
        if (target.containsKey(entry.getKey())) {
          throw new IllegalStateException(zone.contractFile() + " redefines shared component " + kind + "/" + entry.getKey());
        }
        target.put(entry.getKey(), entry.getValue());
      });
      own.put(kind, target);
    }
    spec.put("components", own);
    JsonObject document = (JsonObject) localiseRefs(spec);
    return new Bundled(zone, document, toYaml(document));
  }

  /**
   * The contract for vertx-openapi, which (5.0.x) refuses media types other than JSON, multipart and text:
   * problem responses are declared there as {@code application/json} with the same schema. Served
   * documents and real responses keep {@code application/problem+json}. The served contract's relative
   * server URL ({@code /}: "this listener") is dropped too, as vertx-openapi accepts only absolute URLs;
   * routes are then mounted at the paths as written. Operation-level security is dropped (see below).
   */
  public static Future<OpenAPIContract> forValidation(Vertx vertx, Bundled bundled) {
    JsonObject copy = (JsonObject) renameProblemMediaType(bundled.document().copy());
    copy.remove("servers");
    // Security is enforced by the zone's own handlers (ZoneSecurity), not the router's; vertx-web-openapi-router
    // (5.0.x) would build an empty handler chain for an operation offering alternative schemes, refusing every call.
    copy.getJsonObject("paths", new JsonObject()).forEach(path -> ((JsonObject) path.getValue()).forEach(op -> {
      if (op.getValue() instanceof JsonObject operation) {
        operation.remove("security");
      }
    }));
    return OpenAPIContract.from(vertx, copy);
  }

  /** A reference into the shared file becomes a local one: the shared components are merged in. */
  private static Object localiseRefs(Object node) {
    return rewrite(node, UnaryOperator.identity(), (key, value) -> {
      if ("$ref".equals(key) && value instanceof String ref) {
        int hash = ref.indexOf('#');
        return hash > 0 && ref.substring(0, hash).endsWith(SHARED) ? ref.substring(hash) : ref;
      }
      return value;
    });
  }

  private static Object renameProblemMediaType(Object node) {
    return rewrite(node, key -> PROBLEM_JSON.equals(key) ? "application/json" : key, (key, value) -> value);
  }

  /** Copies a JSON tree, renaming object keys and rewriting leaf values (given their key) on the way. */
  private static Object rewrite(Object node, UnaryOperator<String> keys, BiFunction<String, Object, Object> leaves) {
    if (node instanceof JsonObject object) {
      JsonObject out = new JsonObject();
      object.forEach(e -> {
        Object value = e.getValue();
        boolean container = value instanceof JsonObject || value instanceof JsonArray;
        out.put(keys.apply(e.getKey()), container ? rewrite(value, keys, leaves) : leaves.apply(e.getKey(), value));
      });
      return out;
    }
    if (node instanceof JsonArray array) {
      JsonArray out = new JsonArray();
      array.forEach(item -> out.add(rewrite(item, keys, leaves)));
      return out;
    }
    return node;
  }

  @SuppressWarnings("unchecked")
  static JsonObject read(String resource) {
    try (InputStream in = Contracts.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("contract " + resource + " is not on the classpath");
      }
      Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
      Map<String, Object> tree = yaml.load(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return new JsonObject(tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String toYaml(JsonObject document) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setWidth(120);
    return new Yaml(options).dump(plain(document));
  }

  /** snakeyaml dumps plain maps and lists, not Vert.x JSON wrappers. */
  private static Object plain(Object node) {
    if (node instanceof JsonObject object) {
      Map<String, Object> out = new LinkedHashMap<>();
      object.forEach(e -> out.put(e.getKey(), plain(e.getValue())));
      return out;
    }
    if (node instanceof JsonArray array) {
      List<Object> out = new ArrayList<>();
      array.forEach(item -> out.add(plain(item)));
      return out;
    }
    return node;
  }
}
