package hpf.sources.consent;

import hpf.audit.AuditLog;
import hpf.identity.Caller;
import hpf.identity.People;
import hpf.identity.Profiles;
import hpf.identity.SessionAuth;
import hpf.isolation.DependencyGuard;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import hpf.sources.NationalAuthorizationClient;
import hpf.sources.SourceException;
import hpf.sources.evidence.Evidence;
import hpf.sources.evidence.EvidenceLog;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.sqlclient.Pool;
import java.util.Map;

/**
 * Service staff list a person's authorizations as the national platform holds them (信息使用授权列表查询, query 17,
 * at most 300 a page), e.g. to see whether a consent's filing reached it. Through the guard (an isolated platform
 * answers 503 DEPENDENCY_ISOLATED at once), kept as evidence and audited. Members see their own consents locally.
 */
public final class NationalAuthorizationList {

  private final Pool pool;
  private final People people;
  private final DependencyGuard guard;
  private final EvidenceLog evidence;
  private final NationalAuthorizationClient platform;
  private final AuditLog audit;

  public NationalAuthorizationList(Pool pool, People people, DependencyGuard guard, EvidenceLog evidence,
                                   NationalAuthorizationClient platform, AuditLog audit) {
    this.pool = pool;
    this.people = people;
    this.guard = guard;
    this.evidence = evidence;
    this.platform = platform;
    this.audit = audit;
  }

  /** The handler; the caller already passed the owner check (the member itself or service staff). */
  void list(RoutingContext ctx, String personId) {
    if (!SessionAuth.caller(ctx).is(Caller.STAFF)) {
      ctx.fail(new ProblemException(Profiles.forbidden()));
      return;
    }
    var query = Requests.validated(ctx).getQuery();
    int page = intOr(query.get("page"), 1);
    int size = intOr(query.get("size"), 50);
    String dependency = NationalAuthorizationClient.LIST.dependency();
    People.exists(pool, personId)
        .compose(found -> !found ? Future.failedFuture(new ProblemException(ConsentProblems.NO_PERSON))
            : people.idNumber(pool, personId))
        .compose(idNumber -> guard.call(dependency, () -> platform.list(idNumber, page, size))
            .recover(e -> Future.failedFuture(e instanceof SourceException source
                ? new ProblemException(ConsentProblems.platformUnavailable(source.serviceName())) : e))
            .compose(listed -> {
              JsonObject answer = toJson(personId, listed);
              return evidence.record(new Evidence(dependency, new JsonObject().put("idNumber", idNumber)
                      .put("page", page).put("size", size), answer, "national-authorizations:" + personId, personId))
                  .compose(evidenceId -> audit.append(SessionAuth.audited(ctx, "listNationalAuthorizations",
                          "person:" + personId, Map.of("page", String.valueOf(page), "evidenceId", evidenceId)))
                      .map(seq -> answer.put("evidenceId", evidenceId)));
            }))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private static JsonObject toJson(String personId, NationalAuthorizationClient.AuthorizationPage listed) {
    JsonArray items = new JsonArray();
    listed.items().forEach(a -> {
      JsonObject item = new JsonObject().put("authorizationId", a.authorizationId()).put("purpose", a.purpose())
          .put("scopes", new JsonArray(a.scopes())).put("validFrom", a.validFrom().toString())
          .put("validUntil", a.validUntil().toString()).put("status", a.status());
      if (a.consentId() != null) {
        item.put("consentId", a.consentId());
      }
      items.add(item);
    });
    return new JsonObject().put("personId", personId).put("page", listed.page()).put("size", listed.size())
        .put("total", listed.total()).put("items", items);
  }

  private static int intOr(RequestParameter parameter, int fallback) {
    return parameter == null || parameter.isNull() ? fallback : parameter.getInteger();
  }
}
