package hpf.account;

import hpf.kit.BusinessTime;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.YearMonth;

/**
 * Status changes of an employer and their history ({@code employer_status_event}): seal (封存, 01 → 05) once no
 * member is normal, unseal (启封, 05 → 01), closure (注销, → 04) once no member is normal and no list is unpaid;
 * neither while a deferral runs. Also the guard other operations call before taking on new business.
 */
final class EmployerStatuses {

  private final Employers employers;
  private final Clock clock;

  EmployerStatuses(Clock clock) {
    this.employers = new Employers(clock);
    this.clock = clock;
  }

  /** Seals a normal employer that has no normal members left; the caller has locked it for change. */
  Future<Employers.Employer> seal(SqlConnection conn, Employers.Employer employer, String reason, Actor actor) {
    Problem refused = Employers.refusalOfNewBusiness(employer);
    if (refused != null) {
      return Future.failedFuture(new ProblemException(refused));
    }
    return refuseWhileActive(conn, employer, false)
        .compose(v -> change(conn, employer, "05", "SEALED", reason, actor));
  }

  Future<Employers.Employer> unseal(SqlConnection conn, Employers.Employer employer, String reason, Actor actor) {
    if (!"05".equals(employer.status())) {
      return Future.failedFuture(new ProblemException("04".equals(employer.status())
          ? LifecycleProblems.EMPLOYER_CLOSED : LifecycleProblems.EMPLOYER_NOT_SEALED));
    }
    return change(conn, employer, "01", "UNSEALED", reason, actor);
  }

  /** Closes a normal or sealed employer with no normal members, no unpaid list and no running deferral. */
  Future<Employers.Employer> close(SqlConnection conn, Employers.Employer employer, String reason, Actor actor) {
    if ("04".equals(employer.status())) {
      return Future.failedFuture(new ProblemException(LifecycleProblems.EMPLOYER_CLOSED));
    }
    if (!"01".equals(employer.status()) && !"05".equals(employer.status())) {
      return Future.failedFuture(new ProblemException(AccountProblems.EMPLOYER_NOT_NORMAL));
    }
    return refuseWhileActive(conn, employer, true)
        .compose(v -> change(conn, employer, "04", "CLOSED", reason, actor));
  }

  /**
   * The guard before a new remittance list: a sealed or closed employer gets none, nor a month of a deferral that
   * still runs (it is paid as supplementary payment once the deferral is over).
   */
  static Future<Void> refuseNewRemittance(SqlClient sql, String employerId, YearMonth month, Clock clock) {
    return new Employers(clock).find(sql, employerId, false).compose(employer -> {
      Problem refused = Employers.refusalOfNewBusiness(employer);
      return refused != null ? Future.failedFuture(new ProblemException(refused))
          : Deferrals.defersNow(sql, employerId, month, BusinessTime.month(clock))
              .compose(deferred -> deferred
                  ? Future.failedFuture(new ProblemException(LifecycleProblems.REMITTANCE_MONTH_DEFERRED))
                  : Future.<Void>succeededFuture());
    });
  }

  static Future<Void> event(SqlConnection conn, String employerId, String event, String from, String to, String reason,
                            Long deferralId, Actor actor) {
    return conn.preparedQuery("""
            INSERT INTO employer_status_event (employer_id, event, from_status, to_status, reason, deferral_id, actor,
                                               actor_kind, channel, request_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)""")
        .execute(Tuple.from(new Object[] {employerId, event, from, to, reason, deferralId, actor.id(), actor.kind(),
            actor.channel(), actor.requestId()}))
        .mapEmpty();
  }

  /** The latest 200 status events, newest first. */
  static Future<JsonObject> events(SqlClient sql, String employerId) {
    return sql.preparedQuery("SELECT * FROM employer_status_event WHERE employer_id = $1 ORDER BY event_id DESC LIMIT 200")
        .execute(Tuple.of(employerId))
        .map(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(row -> items.add(toJson(row)));
          return new JsonObject().put("employerId", employerId).put("items", items);
        });
  }

  /** Refuses while members are normal, a deferral runs or (for closure) a list is unpaid. */
  private Future<Void> refuseWhileActive(SqlConnection conn, Employers.Employer employer, boolean closing) {
    String id = employer.employerId();
    Future<Boolean> members = conn.preparedQuery(
            "SELECT 1 FROM member_account WHERE employer_id = $1 AND status = '01' LIMIT 1")
        .execute(Tuple.of(id)).map(rows -> rows.size() > 0);
    Future<Boolean> unpaid = !closing ? Future.succeededFuture(false) : conn.preparedQuery(
            "SELECT 1 FROM remittance WHERE employer_id = $1 AND status <> 'PAID' LIMIT 1")
        .execute(Tuple.of(id)).map(rows -> rows.size() > 0);
    Future<Boolean> deferred = Deferrals.inForce(conn, id, BusinessTime.month(clock));
    return Future.all(members, unpaid, deferred).compose(done -> members.result()
        ? Future.failedFuture(new ProblemException(LifecycleProblems.EMPLOYER_HAS_NORMAL_MEMBERS))
        : unpaid.result() ? Future.failedFuture(new ProblemException(LifecycleProblems.EMPLOYER_HAS_UNPAID_REMITTANCE))
        : deferred.result() ? Future.failedFuture(new ProblemException(LifecycleProblems.DEFERRAL_IN_FORCE))
        : Future.succeededFuture());
  }

  private Future<Employers.Employer> change(SqlConnection conn, Employers.Employer employer, String to, String event,
                                            String reason, Actor actor) {
    return conn.preparedQuery("UPDATE employer SET status = $2 WHERE employer_id = $1")
        .execute(Tuple.of(employer.employerId(), to))
        .compose(v -> event(conn, employer.employerId(), event, employer.shownStatus(), to, reason, null, actor))
        .compose(v -> employers.find(conn, employer.employerId(), false));
  }

  private static JsonObject toJson(Row row) {
    return new JsonObject().put("eventId", row.getLong("event_id")).put("event", row.getString("event"))
        .put("fromStatus", row.getString("from_status")).put("toStatus", row.getString("to_status"))
        .put("reason", row.getString("reason")).put("deferralId", row.getLong("deferral_id"))
        .put("actor", row.getString("actor")).put("actorKind", row.getString("actor_kind"))
        .put("at", row.getOffsetDateTime("at").toInstant().toString());
  }
}
