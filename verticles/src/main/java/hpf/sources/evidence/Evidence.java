package hpf.sources.evidence;

import io.vertx.core.json.JsonObject;

/**
 * One data-source exchange to keep: which dependency was asked (e.g. {@code national.lease_filing}), the query as
 * sent, the answer as received (null when none came: timeout, refusal), the business record it serves (e.g.
 * {@code withdrawal:W…}) and the person it is about (null when it is about no person).
 */
public record Evidence(String dependency, JsonObject query, JsonObject answer, String businessRef, String personId) {

  public Evidence {
    if (dependency == null || dependency.isBlank() || businessRef == null || businessRef.isBlank() || query == null) {
      throw new IllegalArgumentException("evidence needs a dependency, a query and a business reference");
    }
  }
}
