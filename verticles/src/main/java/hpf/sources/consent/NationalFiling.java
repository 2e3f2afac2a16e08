package hpf.sources.consent;

import hpf.identity.People;
import hpf.isolation.DependencyGuard;
import hpf.isolation.DependencyIsolatedException;
import hpf.kit.BusinessTime;
import hpf.sources.NationalAuthorizationClient;
import hpf.sources.SourceException;
import hpf.sources.evidence.Evidence;
import hpf.sources.evidence.EvidenceLog;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Mirrors a local consent on the national data sharing platform (信息共享授权申请, query 15) when its scopes name
 * national queries. The local consent stays authoritative: the filing goes through the guard and never fails the
 * grant. Either way the exchange is kept as evidence of the consent ({@code consent:<id>}): FILED with the
 * platform's authorization id in the answer, or PENDING with no answer (platform isolated, failing or slow), which
 * the grant's answer says. The consent table has no column for the national id, so the evidence record holds it.
 */
public final class NationalFiling {

  static final String SCOPE_PREFIX = "national.";

  private final DependencyGuard guard;
  private final EvidenceLog evidence;
  private final NationalAuthorizationClient platform;
  private final People people;

  public NationalFiling(DependencyGuard guard, EvidenceLog evidence, NationalAuthorizationClient platform,
                        People people) {
    this.guard = guard;
    this.evidence = evidence;
    this.platform = platform;
    this.people = people;
  }

  /** What the grant says about the filing, or null when no scope is a national query (nothing to file). */
  Future<JsonObject> file(SqlConnection conn, String personId, String consentId, String purpose, List<String> scopes,
                          OffsetDateTime from, OffsetDateTime until, String channel) {
    List<String> national = scopes.stream().filter(s -> s.startsWith(SCOPE_PREFIX)).toList();
    if (national.isEmpty()) {
      return Future.succeededFuture(null);
    }
    String dependency = NationalAuthorizationClient.REQUEST.dependency();
    String businessRef = "consent:" + consentId;
    // Inside the grant's transaction, so the answer (FILED or PENDING) and its evidence commit with the consent and
    // an idempotent replay repeats it; the guard's timeout bounds how long the connection waits on the platform.
    return people.idNumber(conn, personId).compose(idNumber -> {
      var filing = new NationalAuthorizationClient.Filing(idNumber, consentId, purpose, national,
          from.atZoneSameInstant(BusinessTime.ZONE).toLocalDate(), until.atZoneSameInstant(BusinessTime.ZONE).toLocalDate(), channel);
      JsonObject query = NationalAuthorizationClient.query(filing);
      return guard.call(dependency, () -> platform.request(filing))
          .compose(filed -> evidence.record(conn, new Evidence(dependency, query, new JsonObject()
                  .put("authorizationId", filed.authorizationId()).put("status", filed.status()), businessRef, personId))
              .map(evidenceId -> new JsonObject().put("status", "FILED")
                  .put("authorizationId", filed.authorizationId()).put("evidenceId", evidenceId)),
              failure -> evidence.record(conn, new Evidence(dependency, query, null, businessRef, personId))
                  .map(evidenceId -> new JsonObject().put("status", "PENDING").put("evidenceId", evidenceId)
                      .put("detail", pending(failure))));
    });
  }

  private static String pending(Throwable failure) {
    String why = failure instanceof DependencyIsolatedException ? "全国住房公积金数据共享平台授权服务暂停调用"
        : failure instanceof SourceException ? "全国住房公积金数据共享平台暂时无法访问" : "全国住房公积金数据共享平台未及时答复";
    return why + "，本地授权已生效，向全国平台备案待补办。";
  }
}
