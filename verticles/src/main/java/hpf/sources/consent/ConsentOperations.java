package hpf.sources.consent;

import hpf.identity.Caller;
import hpf.identity.Kit;
import hpf.identity.KitOperations;
import hpf.identity.People;
import hpf.identity.Profiles;
import hpf.identity.SessionAuth;
import hpf.kit.BusinessTime;
import hpf.kit.Idempotency;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import hpf.policy.Policies;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * Consent on the public listener, after the national authorization interfaces (15 request, 16 verification, 17
 * list): the member itself through its app, or counter staff on its behalf, grants a consent (purpose, data
 * scopes, validity; the signing app is recorded as its channel) and revokes it; the member and service staff list
 * its consents and ask whether one is in force. Writes are idempotent and audited. A grant naming national
 * queries is also filed with the national platform ({@link NationalFiling}); service staff list what the national
 * platform holds ({@link NationalAuthorizationList}).
 */
public final class ConsentOperations extends KitOperations {
  /** A consent starts now or later, never backdated; this much clock difference of the caller is tolerated. */
  private static final Duration START_TOLERANCE = Duration.ofMinutes(5);

  private final Consents consents;

  private final NationalFiling filing;
  private final NationalAuthorizationList national;

  public ConsentOperations(Kit kit, Consents consents, NationalFiling filing, NationalAuthorizationList national) {
    super(kit);
    this.consents = consents;
    this.filing = filing;
    this.national = national;
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "grantConsent", auth.require(idempotency.write("grantConsent", SessionAuth::callerKey, this::grant)),
        "revokeConsent", auth.require(idempotency.write("revokeConsent", SessionAuth::callerKey, this::revoke)),
        "listConsents", auth.requireOwner(Caller.MEMBER, this::list),
        "verifyConsent", auth.requireOwner(Caller.MEMBER, this::verify),
        "listNationalAuthorizations", auth.requireOwner(Caller.MEMBER, national::list));
  }

  private Future<Idempotency.Answer> grant(RoutingContext ctx, SqlConnection conn) {
    var request = Requests.validated(ctx);
    String personId = request.getPathParameters().get("personId").getString();
    Problem refused = Profiles.writeRefusal(SessionAuth.caller(ctx), Caller.MEMBER, personId);
    if (refused != null) {
      return Future.failedFuture(new ProblemException(refused));
    }
    JsonObject body = request.getBody().getJsonObject();
    String purpose = body.getString("purpose");
    JsonArray scopes = body.getJsonArray("scopes");
    OffsetDateTime now = consents.now();
    OffsetDateTime from = body.getString("validFrom") == null ? now : OffsetDateTime.parse(body.getString("validFrom"));
    OffsetDateTime until = OffsetDateTime.parse(body.getString("validUntil"));
    String channel = Requests.caller(ctx).id();
    UUID consentId = UUID.randomUUID();
    return People.exists(conn, personId)
        .compose(found -> !found ? Future.failedFuture(new ProblemException(ConsentProblems.NO_PERSON))
            : new Policies(conn).asOf(BusinessTime.today(clock)))
        .compose(policy -> {
          long maxMonths = policy.decimal("consent.max_validity_months").longValueExact();
          if (from.isBefore(now.minus(START_TOLERANCE)) || !until.isAfter(from) || !until.isAfter(now)
              || until.isAfter(from.plusMonths(maxMonths))) {
            return Future.failedFuture(new ProblemException(ConsentProblems.VALIDITY_INVALID));
          }
          return conn.preparedQuery("""
                  INSERT INTO consent (consent_id, person_id, purpose, scopes, channel, valid_from, valid_until, granted_by,
                                       granted_by_kind)
                  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *""")
              .execute(Tuple.from(new Object[] {consentId, personId, purpose, scopes.stream().map(String::valueOf)
                  .distinct().toArray(String[]::new), channel, from, until, SessionAuth.caller(ctx).subjectId(),
                  SessionAuth.caller(ctx).kind()}));
        })
        .compose(rows -> filing.file(conn, personId, consentId.toString(), purpose, scopeList(scopes), from, until,
                channel)
            .compose(filed -> audit.append(conn, SessionAuth.audited(ctx, "grantConsent", "person:" + personId,
                    audited(consentId, purpose, scopes, until, filed)))
                .map(seq -> {
                  JsonObject answer = toJson(rows.iterator().next(), now);
                  if (filed != null) {
                    answer.put("nationalFiling", filed);
                  }
                  return new Idempotency.Answer(201, answer);
                })));
  }

  private static java.util.List<String> scopeList(JsonArray scopes) {
    return scopes.stream().map(String::valueOf).distinct().toList();
  }

  private static Map<String, String> audited(UUID consentId, String purpose, JsonArray scopes, OffsetDateTime until,
                                             JsonObject filed) {
    Map<String, String> details = new java.util.TreeMap<>(Map.of("consentId", consentId.toString(), "purpose", purpose,
        "scopes", String.join(",", scopeList(scopes)), "validUntil", until.toInstant().toString()));
    if (filed != null) {
      details.put("nationalFiling", filed.getString("status"));
    }
    return details;
  }

  private Future<Idempotency.Answer> revoke(RoutingContext ctx, SqlConnection conn) {
    var request = Requests.validated(ctx);
    String personId = request.getPathParameters().get("personId").getString();
    Problem refused = Profiles.writeRefusal(SessionAuth.caller(ctx), Caller.MEMBER, personId);
    if (refused != null) {
      return Future.failedFuture(new ProblemException(refused));
    }
    UUID consentId = UUID.fromString(request.getPathParameters().get("consentId").getString());
    OffsetDateTime now = consents.now();
    return conn.preparedQuery("""
            UPDATE consent SET revoked_at = $3, revoked_by = $4
             WHERE consent_id = $1 AND person_id = $2 AND revoked_at IS NULL AND valid_until > $3 RETURNING *""")
        .execute(Tuple.of(consentId, personId, now, SessionAuth.caller(ctx).subjectId()))
        .compose(rows -> rows.size() > 0 ? Future.succeededFuture(rows.iterator().next())
            : conn.preparedQuery("SELECT 1 FROM consent WHERE consent_id = $1 AND person_id = $2")
                .execute(Tuple.of(consentId, personId))
                .compose(found -> Future.<Row>failedFuture(new ProblemException(found.size() == 0
                    ? ConsentProblems.NOT_FOUND : ConsentProblems.ALREADY_ENDED))))
        .compose(row -> audit.append(conn, SessionAuth.audited(ctx, "revokeConsent", "person:" + personId,
                Map.of("consentId", consentId.toString(), "purpose", row.getString("purpose"))))
            .map(seq -> new Idempotency.Answer(200, toJson(row, now))));
  }

  private void list(RoutingContext ctx, String personId) {
    var request = Requests.validated(ctx);
    int page = intOr(request.getQuery().get("page"), 1);
    int size = intOr(request.getQuery().get("size"), 50);
    OffsetDateTime now = consents.now();
    pool.preparedQuery("SELECT count(*) FROM consent WHERE person_id = $1").execute(Tuple.of(personId))
        .compose(count -> pool.preparedQuery("""
                SELECT * FROM consent WHERE person_id = $1 ORDER BY granted_at DESC, consent_id LIMIT $2 OFFSET $3""")
            .execute(Tuple.of(personId, size, (long) (page - 1) * size))
            .map(rows -> {
              JsonArray items = new JsonArray();
              rows.forEach(row -> items.add(toJson(row, now)));
              return new JsonObject().put("personId", personId).put("page", page).put("size", size)
                  .put("total", count.iterator().next().getLong(0)).put("items", items);
            }))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private void verify(RoutingContext ctx, String personId) {
    var query = Requests.validated(ctx).getQuery();
    String purpose = query.get("purpose").getString();
    String scope = query.get("scope").getString();
    RequestParameter channel = query.get("channel");
    String through = channel == null || channel.isNull() ? null : channel.getString();
    consents.inForce(pool, personId, purpose, scope, through)
        .map(row -> {
          JsonObject answer = new JsonObject().put("personId", personId).put("purpose", purpose).put("scope", scope)
              .put("valid", row != null).put("checkedAt", consents.now().toInstant().toString());
          if (row != null) {
            answer.put("consentId", row.getUUID("consent_id").toString()).put("channel", row.getString("channel"))
                .put("validUntil", row.getOffsetDateTime("valid_until").toInstant().toString());
          }
          return answer;
        })
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private static int intOr(RequestParameter parameter, int fallback) {
    return parameter == null || parameter.isNull() ? fallback : parameter.getInteger();
  }

  private static JsonObject toJson(Row row, OffsetDateTime now) {
    OffsetDateTime from = row.getOffsetDateTime("valid_from");
    OffsetDateTime until = row.getOffsetDateTime("valid_until");
    OffsetDateTime revoked = row.getOffsetDateTime("revoked_at");
    String status = revoked != null ? "REVOKED" : !until.isAfter(now) ? "EXPIRED" : from.isAfter(now) ? "PENDING" : "ACTIVE";
    JsonObject json = new JsonObject().put("consentId", row.getUUID("consent_id").toString())
        .put("personId", row.getString("person_id")).put("purpose", row.getString("purpose"))
        .put("scopes", new JsonArray(java.util.List.of(row.getArrayOfStrings("scopes"))))
        .put("channel", row.getString("channel")).put("validFrom", from.toInstant().toString())
        .put("validUntil", until.toInstant().toString()).put("grantedBy", row.getString("granted_by_kind"))
        .put("grantedAt", row.getOffsetDateTime("granted_at").toInstant().toString()).put("status", status);
    if (revoked != null) {
      json.put("revokedAt", revoked.toInstant().toString());
    }
    return json;
  }
}
