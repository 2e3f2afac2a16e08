package hpf.account;

import hpf.channel.ProblemException;
import hpf.identity.Identifiers;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Locale;

/** The {@code employer} table: opening (单位登记开户) and lookups. Owns its SQL. */
final class Employers {

  record Employer(String employerId, String creditCode, String name, String status, BigDecimal employerRatio,
                  BigDecimal memberRatio, LocalDate openedOn, String paidThrough) {
    JsonObject toJson() {
      return new JsonObject().put("employerId", employerId).put("creditCode", creditCode).put("name", name)
          .put("status", status).put("employerRatio", employerRatio.toPlainString())
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
            ON CONFLICT (credit_code) DO NOTHING RETURNING *""")
        .execute(Tuple.of(code, name, employerRatio, memberRatio, openedOn))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(new ProblemException(AccountProblems.EMPLOYER_ALREADY_OPEN))
            : Future.succeededFuture(toEmployer(rows.iterator().next())));
  }

  /** The employer, or a 404 problem. {@code FOR SHARE} when in a write, so its status holds until commit. */
  Future<Employer> find(SqlClient sql, String employerId, boolean lock) {
    return sql.preparedQuery("SELECT * FROM employer WHERE employer_id = $1" + (lock ? " FOR SHARE" : ""))
        .execute(Tuple.of(employerId))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(new ProblemException(AccountProblems.EMPLOYER_NOT_FOUND))
            : Future.succeededFuture(toEmployer(rows.iterator().next())));
  }

  private static Employer toEmployer(Row row) {
    return new Employer(row.getString("employer_id"), row.getString("credit_code"), row.getString("name"),
        row.getString("status"), row.getBigDecimal("employer_ratio"), row.getBigDecimal("member_ratio"),
        row.getLocalDate("opened_on"), row.getString("paid_through"));
  }
}
