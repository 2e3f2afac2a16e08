package hpf.sources;

import hpf.identity.Caller;
import hpf.identity.Kit;
import hpf.identity.KitOperations;
import hpf.identity.People;
import hpf.identity.SessionAuth;
import hpf.isolation.DependencyGuard;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.sources.NationalDepositClient.DepositAtCenter;
import hpf.sources.consent.Consents;
import hpf.sources.evidence.Evidence;
import hpf.sources.evidence.EvidenceLog;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * 全国住房公积金缴存信息查询: a member (or service staff for it) sees its deposit accounts at every center in the
 * country, asked live from the national data sharing platform (query 7, the deposit overview). The synchronous
 * lookup a channel makes of a government source: with the member's consent for the purpose, through the guard (an
 * isolated platform is not called: 503 {@code DEPENDENCY_ISOLATED} at once, naming the service and the next probe
 * time), and the answer kept as evidence whose id the answer carries. Staff lookups are audited.
 */
public final class NationalDepositInquiry extends KitOperations {

  /** The consent purpose (信息共享授权的用途) of this lookup. */
  public static final String PURPOSE = "DEPOSIT_INQUIRY";
  private static final String DEPENDENCY = NationalDepositClient.DEPOSIT_OVERVIEW.dependency();

  private final People people;
  private final Consents consents;
  private final DependencyGuard guard;
  private final EvidenceLog evidence;
  private final DataSources sources;

  public NationalDepositInquiry(Kit kit, People people, Consents consents, DependencyGuard guard, EvidenceLog evidence,
                                DataSources sources) {
    super(kit);
    this.people = people;
    this.consents = consents;
    this.guard = guard;
    this.evidence = evidence;
    this.sources = sources;
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of("getNationalDeposits", auth.requireOwner(Caller.MEMBER, this::inquire));
  }

  private void inquire(RoutingContext ctx, String personId) {
    consents.require(pool, personId, PURPOSE, DEPENDENCY, null)
        .compose(v -> people.idNumber(pool, personId))
        .compose(idNumber -> guard.call(DEPENDENCY, () -> sources.deposits().depositOverview(idNumber))
            .recover(NationalDepositInquiry::asProblem)
            .compose(centers -> kept(ctx, personId, idNumber, centers)))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  /** The answer as evidence (and, for staff, in the audit log), then to the caller with the evidence id. */
  private Future<JsonObject> kept(RoutingContext ctx, String personId, String idNumber, List<DepositAtCenter> centers) {
    JsonArray items = new JsonArray();
    centers.forEach(center -> items.add(AnswerJson.json(center)));
    String queriedAt = clock.instant().toString();
    return evidence.record(new Evidence(DEPENDENCY, new JsonObject().put("dependency", DEPENDENCY)
                .put("idNumber", idNumber), new JsonObject().put("items", items),
            "deposit-inquiry:" + personId, personId))
        .compose(evidenceId -> (Caller.MEMBER.equals(SessionAuth.caller(ctx).kind()) ? Future.<Void>succeededFuture()
            : audit.append(SessionAuth.audited(ctx, "getNationalDeposits", "person:" + personId,
                Map.of("evidenceId", evidenceId))).<Void>mapEmpty())
            .map(v -> new JsonObject().put("personId", personId).put("centers", items).put("evidenceId", evidenceId)
                .put("queriedAt", queriedAt)));
  }

  /** The guard's own answers pass as they are; a source that failed is told in business language. */
  private static <T> Future<T> asProblem(Throwable failure) {
    // The guard's refusals (isolated, busy, timed out) are ProblemExceptions too.
    if (failure instanceof ProblemException) {
      return Future.failedFuture(failure);
    }
    String service = failure instanceof SourceException source ? source.serviceName()
        : NationalDepositClient.DEPOSIT_OVERVIEW.name();
    return Future.failedFuture(new ProblemException(new Problem(503, "DEPENDENCY_UNAVAILABLE", service + "暂时无法查询",
        "全国住房公积金数据共享平台暂未返回有效结果，请稍后再试。")));
  }
}
