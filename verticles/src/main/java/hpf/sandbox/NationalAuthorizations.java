package hpf.sandbox;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The sandbox national platform's authorizations (queries 15–17), kept in this server's memory: a filing is keyed by
 * the filing center's consent id (filing it again answers the same authorization id), verification looks one up,
 * the list pages a person's authorizations newest first (at most 300 a page). The reserved probe identity's
 * filings are answered and never kept.
 */
final class NationalAuthorizations {

  static final String PROBE_ID_NUMBER = "000000190001010000";
  private static final int MAX_PAGE = 300;

  /** authorization id → record, in filing order; guarded by its own monitor. */
  private final Map<String, JsonObject> filed = new LinkedHashMap<>();

  /** The answer to one authorization query, or null when the dependency is not one; 400-worthy input answers null. */
  JsonObject answer(String dependency, JsonObject query) {
    return switch (dependency) {
      case "national.authorization_request" -> request(query);
      case "national.authorization_verification" -> verify(query);
      case "national.authorization_list" -> list(query);
      default -> null;
    };
  }

  /** Whether a filing has what the platform requires (else the sandbox answers 400, like the platform). */
  static boolean complete(String dependency, JsonObject query) {
    if (!dependency.equals("national.authorization_request") || PROBE_ID_NUMBER.equals(query.getString("idNumber"))) {
      return true;
    }
    return query.getValue("consentId") instanceof String && query.getValue("purpose") instanceof String
        && query.getValue("scopes") instanceof JsonArray && date(query, "validFrom") != null
        && date(query, "validUntil") != null;
  }

  private JsonObject request(JsonObject query) {
    String idNumber = query.getString("idNumber");
    if (PROBE_ID_NUMBER.equals(idNumber)) {
      return new JsonObject().put("authorizationId", "PROBE").put("status", "VALID");
    }
    String consentId = query.getString("consentId");
    String id = "SQ" + UUID.nameUUIDFromBytes(consentId.getBytes(StandardCharsets.UTF_8)).toString()
        .replace("-", "").substring(0, 20).toUpperCase();
    synchronized (filed) {
      filed.putIfAbsent(id, new JsonObject().put("authorizationId", id).put("idNumber", idNumber)
          .put("consentId", consentId).put("purpose", query.getString("purpose"))
          .put("scopes", query.getJsonArray("scopes").copy()).put("validFrom", query.getString("validFrom"))
          .put("validUntil", query.getString("validUntil")));
    }
    return new JsonObject().put("authorizationId", id).put("status", "VALID");
  }

  private JsonObject verify(JsonObject query) {
    JsonObject found;
    synchronized (filed) {
      found = filed.get(query.getString("authorizationId", ""));
    }
    LocalDate today = SourceFacts.today();
    boolean valid = found != null && found.getString("idNumber").equalsIgnoreCase(query.getString("idNumber", ""))
        && found.getJsonArray("scopes").contains(query.getString("scope"))
        && !today.isBefore(LocalDate.parse(found.getString("validFrom")))
        && !today.isAfter(LocalDate.parse(found.getString("validUntil")));
    return new JsonObject().put("valid", valid).put("validUntil", valid ? found.getString("validUntil") : null);
  }

  private JsonObject list(JsonObject query) {
    String idNumber = query.getString("idNumber", "");
    int page = Math.max(1, query.getInteger("page", 1));
    int size = Math.min(MAX_PAGE, Math.max(1, query.getInteger("size", 50)));
    List<JsonObject> mine = new ArrayList<>();
    synchronized (filed) {
      filed.values().stream().filter(a -> a.getString("idNumber").equalsIgnoreCase(idNumber)).forEach(mine::add);
    }
    java.util.Collections.reverse(mine);
    LocalDate today = SourceFacts.today();
    JsonArray items = new JsonArray();
    mine.stream().skip((long) (page - 1) * size).limit(size).forEach(a -> items.add(new JsonObject()
        .put("authorizationId", a.getString("authorizationId")).put("consentId", a.getString("consentId"))
        .put("purpose", a.getString("purpose")).put("scopes", a.getJsonArray("scopes"))
        .put("validFrom", a.getString("validFrom")).put("validUntil", a.getString("validUntil"))
        .put("status", today.isAfter(LocalDate.parse(a.getString("validUntil"))) ? "EXPIRED" : "VALID")));
    return new JsonObject().put("page", page).put("size", size).put("total", mine.size()).put("items", items);
  }

  private static LocalDate date(JsonObject query, String key) {
    try {
      return LocalDate.parse(query.getString(key));
    } catch (RuntimeException e) {
      return null;
    }
  }
}
