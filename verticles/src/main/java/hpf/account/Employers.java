package hpf.account;

import hpf.identity.Identifiers;
import hpf.kit.BusinessTime;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Locale;

/** The {@code employer} table: opening (单位登记开户) and lookups. Owns its SQL. */
final class Employers {

  private final Clock clock;

  Employers(Clock clock) {
    this.clock = clock;
  }

  /**
   * An employer. {@code status} is the registered status (01 normal, 04 closed, 05 sealed); a deferral (缓缴) is
   * a period, not a stored status, and {@code deferredNow} says one covers the current month: then it is shown as 03.
   */
  record Employer(String employerId, String creditCode, String name, String status, BigDecimal employerRatio,
                  BigDecimal memberRatio, LocalDate openedOn, String paidThrough, boolean deferredNow) {

    String shownStatus() {
      return "01".equals(status) && deferredNow ? "03" : status;
    }

    JsonObject toJson() {
      return new JsonObject().put("employerId", employerId).put("creditCode", creditCode).put("name", name)
          .put("status", shownStatus()).put("employerRatio", employerRatio.toPlainString())
          .put("memberRatio", memberRatio.toPlainString()).put("openedOn", openedOn.toString())
          .put("paidThrough", paidThrough);
    }
  }

  /** Opens the employer; the credit code is checked here, the ratios by the caller against the policy. */
  Future<Employer> open(SqlConnection conn, String creditCode, String name, BigDecimal employerRatio,
                        BigDecimal memberRatio, LocalDate openedOn) {
    String code = creditCode.toUpperCase(Locale.ROOT);
    if (!Identifiers.isCreditCode(code)) {
      return Future.failedFuture(new ProblemException(AccountProblems.CREDIT_CODE_INVALID));
    }
    return conn.preparedQuery("""
            INSERT INTO employer (employer_id, credit_code, name, employer_ratio, member_ratio, opened_on)
            VALUES ('E' || lpad(nextval('employer_number')::text, 8, '0'), $1, $2, $3, $4, $5)
            ON CONFLICT (credit_code) DO NOTHING RETURNING *, false AS deferred_now""")
        .execute(Tuple.of(code, name, employerRatio, memberRatio, openedOn))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(new ProblemException(AccountProblems.EMPLOYER_ALREADY_OPEN))
            : Future.succeededFuture(toEmployer(rows.iterator().next())));
  }

  /** The employer, or a 404 problem. {@code FOR SHARE} when in a write, so its status holds until commit. */
  Future<Employer> find(SqlClient sql, String employerId, boolean lock) {
    return select(sql, employerId, lock ? " FOR SHARE OF e" : "");
  }

  /**
   * The employer locked for a change of its registration, status or terms ({@code FOR UPDATE}): changes of one
   * employer happen one after the other, and a write that only shares the row (adding a member) waits for them.
   */
  Future<Employer> lockForChange(SqlClient sql, String employerId) {
    return select(sql, employerId, " FOR UPDATE OF e");
  }

  /** Null when the employer may take on new business (members, lists, terms), else the refusal. */
  static Problem refusalOfNewBusiness(Employer employer) {
    return switch (employer.status()) {
      case "01" -> null;
      case "05" -> LifecycleProblems.EMPLOYER_SEALED;
      case "04" -> LifecycleProblems.EMPLOYER_CLOSED;
      default -> AccountProblems.EMPLOYER_NOT_NORMAL;
    };
  }

  private Future<Employer> select(SqlClient sql, String employerId, String lock) {
    // The current month by the center's calendar decides whether a deferral is in force.
    String month = BusinessTime.month(clock).toString();
    return sql.preparedQuery("""
            SELECT e.*, EXISTS (SELECT 1 FROM employer_deferral d WHERE d.employer_id = e.employer_id
                                   AND d.first_month <= $2 AND coalesce(d.ended_last_month, d.last_month) >= $2)
                        AS deferred_now
              FROM employer e WHERE e.employer_id = $1""" + lock)
        .execute(Tuple.of(employerId, month))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(new ProblemException(AccountProblems.EMPLOYER_NOT_FOUND))
            : Future.succeededFuture(toEmployer(rows.iterator().next())));
  }

  private static Employer toEmployer(Row row) {
    return new Employer(row.getString("employer_id"), row.getString("credit_code"), row.getString("name"),
        row.getString("status"), row.getBigDecimal("employer_ratio"), row.getBigDecimal("member_ratio"),
        row.getLocalDate("opened_on"), row.getString("paid_through"), row.getBoolean("deferred_now"));
  }
}
